// The AWS Security Hub controls that evaluate what the stack makes (AWS Foundational Security Best Practices v1.0.0,
// with CIS AWS Foundations 3.0 and NIST controls where they add to it), each with what the stack does for it in a
// given stack's settings. Read from Security Hub's control reference (docs.aws.amazon.com/securityhub/latest/
// userguide/<service>-controls.html); retired controls, tagging controls and those of resource types the stack never
// makes (Lambda, ECS, Aurora clusters, Classic Load Balancers, WAF Classic, ...) are left out. `plan` prints them,
// the README lists them, and the mocks tests check each control a stack passes on the resources the program registers.
using WebStack.Core.Settings;
using static WebStack.Core.Security.SecurityControl;

namespace WebStack.Core.Security;

public static class SecurityControls
{
    private const string Fsbp = "FSBP";
    private const string FsbpCis = "FSBP, CIS 3.0";
    private const string Cis = "CIS 3.0";
    private const string Nist = "NIST 800-53";

    private const string NoHttps = "no certificate: the load balancer answers plain HTTP";
    private const string HttpsSettings = "domainName with hostedZone (a certificate the stack requests) or certificateArn";

    public static IReadOnlyList<SecurityControl> All { get; } =
    [
        // ACM
        new("ACM.1", "Imported and ACM-issued certificates should be renewed after a specified time period", Fsbp, settings => settings.RequestsCertificate
            ? new(ControlStatus.Passes, "ACM renews the stack's DNS-validated certificate by itself, through the validation record the stack keeps in the zone")
            : settings.CertificateArn is not null
                ? new(ControlStatus.NotApplicable, "certificateArn is a certificate made elsewhere: its renewal is its owner's")
                : new(ControlStatus.NotApplicable, "no certificate (HTTP only)")),
        new("ACM.2", "RSA certificates managed by ACM should use a key length of at least 2,048 bits", Fsbp, settings => settings.RequestsCertificate
            ? new(ControlStatus.Passes, "the stack requests RSA_2048")
            : new(ControlStatus.NotApplicable, "the stack requests no certificate")),

        // Auto Scaling
        Always("AutoScaling.1", "Amazon EC2 Auto Scaling groups associated with a load balancer should use ELB health checks", Fsbp,
            "health check type ELB: a server the target group fails is replaced"),
        Always("AutoScaling.2", "Amazon EC2 Auto Scaling group should cover multiple Availability Zones", Fsbp, "the group spans the app subnets of every zone (azCount, at least 2)"),
        NotApplicable("AutoScaling.3", "Amazon EC2 Auto Scaling group launch configurations should configure EC2 instances to require Instance Metadata Service Version 2 (IMDSv2)", Fsbp,
            "no launch configuration: a launch template requiring IMDSv2 (EC2.170)"),
        NotApplicable("AutoScaling.5", "Amazon EC2 instances launched using Amazon EC2 Auto Scaling group launch configurations should not have Public IP addresses", Fsbp,
            "no launch configuration: the launch template assigns no public address (EC2.25)"),
        NotMet("AutoScaling.6", "Amazon EC2 Auto Scaling groups should use multiple instance types in multiple Availability Zones", Fsbp,
            "one instance type (instanceType): a mixed-instances policy with alternatives is not built yet"),
        Always("AutoScaling.9", "Amazon EC2 Auto Scaling groups should use Amazon EC2 launch templates", Fsbp, "the group launches from the stack's launch template"),

        // EC2 and the VPC
        Account("EC2.1", "Amazon EBS snapshots should not be publicly restorable", Fsbp, "the stack makes no EBS snapshot; keep the Region's snapshot block public access on (EC2.182)"),
        Always("EC2.2", "VPC default security groups should not allow inbound or outbound traffic", FsbpCis, "the VPC's default security group is adopted with no rules"),
        Always("EC2.3", "Attached Amazon EBS volumes should be encrypted at-rest", Fsbp, "the launch template encrypts the root volume"),
        NotApplicable("EC2.4", "Stopped EC2 instances should be removed after a specified time period", Fsbp, "the group terminates servers, it never stops them"),
        When("EC2.6", "VPC flow logging should be enabled in all VPCs", FsbpCis, settings => settings.Network.FlowLogs,
            "all traffic of the VPC to CloudWatch Logs", "flow logs are off (their log volume costs; off by default in dev)", "flowLogs"),
        Account("EC2.7", "EBS default encryption should be enabled", FsbpCis, "turn on EBS encryption by default in the Region; the stack's volumes are encrypted either way"),
        Always("EC2.8", "EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)", FsbpCis, "the launch template requires IMDSv2 tokens, one hop"),
        Always("EC2.9", "Amazon EC2 instances should not have a public IPv4 address", Fsbp, "servers run in the private app subnets with no public address"),
        NotMet("EC2.10", "Amazon EC2 should be configured to use VPC endpoints that are created for the Amazon EC2 service", Fsbp,
            "no ec2 interface endpoint: the servers never call the EC2 API, and an endpoint costs per zone and hour"),
        Always("EC2.15", "Amazon EC2 subnets should not automatically assign public IP addresses", Fsbp, "no subnet maps public addresses on launch, the public ones included"),
        Always("EC2.16", "Unused Network Access Control Lists should be removed", Fsbp, "the stack makes no network ACL"),
        Always("EC2.17", "Amazon EC2 instances should not use multiple ENIs", Fsbp, "a server has one network interface"),
        Always("EC2.18", "Security groups should only allow unrestricted incoming traffic for authorized ports", Fsbp, "only the load balancer's 80 and 443 are open to everyone"),
        Always("EC2.19", "Security groups should not allow unrestricted access to ports with high risk", Fsbp, "no high-risk port is open to 0.0.0.0/0 or ::/0 (5432 only from the servers)"),
        Always("EC2.21", "Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389", FsbpCis, "the stack makes no network ACL (the default one isn't evaluated)"),
        Always("EC2.24", "Amazon EC2 paravirtual instance types should not be used", Fsbp, "Amazon Linux 2023 on HVM instance types"),
        Always("EC2.25", "Amazon EC2 launch templates should not assign public IPs to network interfaces", Fsbp, "the launch template assigns no public address"),
        Always("EC2.53", "EC2 security groups should not allow ingress from 0.0.0.0/0 to remote server administration ports", Cis,
            "no SSH or RDP from 0.0.0.0/0: SSH only with sshKeyName, from sshCidrs"),
        Always("EC2.54", "EC2 security groups should not allow ingress from ::/0 to remote server administration ports", Cis, "no SSH or RDP from ::/0"),
        NotMet("EC2.55", "VPCs should be configured with an interface endpoint for ECR API", Fsbp, "no ECR endpoint: the stack pulls no container image"),
        NotMet("EC2.56", "VPCs should be configured with an interface endpoint for Docker Registry", Fsbp, "no ECR endpoint: the stack pulls no container image"),
        new("EC2.57", "VPCs should be configured with an interface endpoint for Systems Manager", Fsbp, settings => settings.Network.NatStrategy == NatStrategy.None
            ? new(ControlStatus.Passes, "natStrategy none: the servers reach Systems Manager through an ssm interface endpoint")
            : new(ControlStatus.Off, "the servers reach Systems Manager through the NAT gateways; turned on by natStrategy none (endpoints instead of NAT)")),
        NotMet("EC2.58", "VPCs should be configured with an interface endpoint for Systems Manager Incident Manager Contacts", Fsbp, "no ssm-contacts endpoint: the stack uses no Incident Manager"),
        NotMet("EC2.60", "VPCs should be configured with an interface endpoint for Systems Manager Incident Manager", Fsbp, "no ssm-incidents endpoint: the stack uses no Incident Manager"),
        Always("EC2.170", "EC2 launch templates should use Instance Metadata Service Version 2 (IMDSv2)", Fsbp, "HttpTokens required"),
        Account("EC2.172", "EC2 VPC Block Public Access settings should block internet gateway traffic", Fsbp,
            "a Region setting; exclude the stack's VPC (its load balancer takes the internet's requests through the internet gateway)"),
        Always("EC2.180", "EC2 network interfaces should have source/destination checking enabled", Fsbp, "left on (the default) on every interface"),
        Always("EC2.181", "EC2 launch templates should enable encryption for attached EBS volumes", Fsbp, "the template's root volume has encrypted set"),
        Account("EC2.182", "Block public access settings should be enabled for Amazon EBS snapshots", Fsbp, "a Region setting; the stack makes no snapshot"),

        // Elastic Load Balancing
        When("ELB.1", "Application Load Balancer should be configured to redirect all HTTP requests to HTTPS", Fsbp, settings => settings.HttpsEnabled,
            "port 80 answers only with a redirect to HTTPS", NoHttps, HttpsSettings),
        Always("ELB.4", "Application Load Balancer should be configured to drop invalid http headers", Fsbp, "drop_invalid_header_fields on"),
        Always("ELB.5", "Application and Classic Load Balancers logging should be enabled", Fsbp, "access logs to the stack's private bucket (logRetentionDays)"),
        When("ELB.6", "Application, Gateway, and Network Load Balancers should have deletion protection enabled", Fsbp, settings => settings.AlbDeletionProtection,
            "deletion protection on", "off so that a destroy removes the stack in one go (the dev default)", "albDeletionProtection"),
        Always("ELB.12", "Application Load Balancer should be configured with defensive or strictest desync mitigation mode", Fsbp, "desync mitigation defensive"),
        Always("ELB.13", "Application, Network and Gateway Load Balancers should span multiple Availability Zones", Fsbp, "the public subnets of every zone (at least 2)"),
        When("ELB.16", "Application Load Balancers should be associated with an AWS WAF web ACL", Nist, settings => settings.Waf.Enabled,
            "the stack's web ACL: AWS's common and known-bad-inputs rule groups, a rate limit per client address", "no firewall (its fixed cost; off by default in dev)", "waf"),
        When("ELB.17", "Application and Network Load Balancers with listeners should use recommended security policies", Fsbp, settings => settings.HttpsEnabled,
            $"the HTTPS listener uses {Network.LoadBalancerTls.Policy} (TLS 1.3 and 1.2, post-quantum key exchange)", NoHttps, HttpsSettings),
        new("ELB.18", "Application and Network Load Balancer listeners should use secure protocols to encrypt data in transit", Fsbp, settings => settings.HttpsEnabled
            ? new(ControlStatus.Off, "the port-80 listener is HTTP by nature: it only redirects to HTTPS, as ELB.1 asks; suppress this finding for it (no setting removes it without breaking ELB.1)")
            : new(ControlStatus.Off, $"{NoHttps}; turned on by {HttpsSettings}")),
        NotMet("ELB.21", "Application and Network Load Balancer target groups should use encrypted health check protocols", Nist,
            "by design: the load balancer checks nginx over HTTP inside the VPC, where only its security group reaches the servers"),
        NotMet("ELB.22", "ELB target groups should use encrypted transport protocols", Nist,
            "by design: TLS ends at the load balancer; from there to nginx is plain HTTP inside the VPC, as the book's architecture has it"),

        // IAM and KMS
        NotApplicable("IAM.1", "IAM policies should not allow full \"*\" administrative privileges", Fsbp, "the stack makes no customer managed policy: its roles' policies are inline (see KMS.2)"),
        NotApplicable("IAM.21", "IAM customer managed policies that you create should not allow wildcard actions for services", Fsbp, "no customer managed policy"),
        Account("IAM.2", "IAM users should not have IAM policies attached", FsbpCis, "the stack makes no IAM user: servers use an instance role"),
        Account("IAM.3", "IAM users' access keys should be rotated every 90 days or less", FsbpCis, "the stack makes no access key"),
        Account("IAM.4", "IAM root user access key should not exist", FsbpCis, "the account's root user"),
        Account("IAM.5", "MFA should be enabled for all IAM users that have a console password", FsbpCis, "the account's users"),
        Account("IAM.6", "Hardware MFA should be enabled for the root user", FsbpCis, "the account's root user"),
        Account("IAM.7", "Password policies for IAM users should have strong configurations", Fsbp, "the account's password policy"),
        Account("IAM.8", "Unused IAM user credentials should be removed", Fsbp, "the account's users"),
        Always("IAM.27", "IAM identities should not have the AWSCloudShellFullAccess policy attached", Cis, "the servers' role has only AmazonSSMManagedInstanceCore and its inline policy"),
        NotApplicable("KMS.1", "IAM customer managed policies should not allow decryption actions on all KMS keys", Fsbp, "no customer managed policy"),
        Always("KMS.2", "IAM principals should not have IAM inline policies that allow decryption actions on all KMS keys", Fsbp,
            "the roles' inline policies grant no kms:Decrypt or kms:ReEncryptFrom (the secrets use AWS managed keys)"),

        // RDS
        Always("RDS.1", "RDS snapshot should be private", Fsbp, "the final snapshot is shared with no one"),
        Always("RDS.2", "RDS DB Instances should prohibit public access, as determined by the PubliclyAccessible configuration", FsbpCis, "not publicly accessible, in the isolated data subnets"),
        Always("RDS.3", "RDS DB instances should have encryption at-rest enabled", FsbpCis, "storage encrypted"),
        Always("RDS.4", "RDS cluster snapshots and database snapshots should be encrypted at rest", Fsbp, "snapshots of an encrypted instance are encrypted"),
        When("RDS.5", "RDS DB instances should be configured with multiple Availability Zones", Fsbp, settings => settings.Database.MultiAz,
            "a standby in a second zone", "single-AZ (half the price; the dev default)", "dbMultiAz"),
        NotMet("RDS.6", "Enhanced monitoring should be configured for RDS DB instances", Fsbp, "not yet: the stack alarms on RDS's CloudWatch metrics, without the OS metrics of enhanced monitoring"),
        When("RDS.8", "RDS DB instances should have deletion protection enabled", Fsbp, settings => settings.Database.DeletionProtection,
            "deletion protection on", "off so that a destroy removes the stack in one go (the dev default)", "dbDeletionProtection"),
        NotMet("RDS.9", "RDS DB instances should publish logs to CloudWatch Logs", Fsbp, "not yet: PostgreSQL's and the upgrade logs stay in RDS"),
        Always("RDS.10", "IAM authentication should be configured for RDS instances", Fsbp, "IAM database authentication on (the app signs in with the generated password)"),
        When("RDS.11", "RDS instances should have automatic backups enabled", Fsbp, settings => settings.Database.BackupRetentionDays >= 7,
            "automated backups kept at least 7 days", "backups kept fewer than 7 days (the dev default is 1)", "dbBackupRetentionDays 7 or more"),
        When("RDS.13", "RDS automatic minor version upgrades should be enabled", FsbpCis, settings => settings.Database.AutoMinorUpgrade,
            "minor upgrades in the maintenance window", "a pinned minor version", "dbAutoMinorUpgrade with a major dbEngineVersion"),
        Always("RDS.17", "RDS DB instances should be configured to copy tags to snapshots", Fsbp, "copy tags to snapshots on"),
        Always("RDS.19", "Existing RDS event notification subscriptions should be configured for critical cluster events", Fsbp, "the stack makes no event subscription (the control passes without one)"),
        Always("RDS.20", "Existing RDS event notification subscriptions should be configured for critical database instance events", Fsbp, "the stack makes no event subscription; its alarms watch the database"),
        Always("RDS.21", "An RDS event notifications subscription should be configured for critical database parameter group events", Fsbp, "the stack makes no event subscription"),
        Always("RDS.22", "An RDS event notifications subscription should be configured for critical database security group events", Fsbp, "the stack makes no event subscription"),
        NotMet("RDS.23", "RDS instances should not use a database engine default port", Fsbp, "PostgreSQL's 5432: only the servers' security group reaches it; another port is not a setting yet"),
        Always("RDS.25", "RDS database instances should use a custom administrator username", Fsbp, $"the administrator is {Database.DatabaseAccess.Username}, not postgres"),
        NotMet("RDS.36", "RDS for PostgreSQL DB instances should publish logs to CloudWatch Logs", Fsbp, "not yet: the postgresql log stays in RDS (see RDS.9)"),
        Always("RDS.38", "RDS for PostgreSQL DB instances should be encrypted in transit", Nist, "the parameter group sets rds.force_ssl; the servers verify the certificate"),
        Always("RDS.46", "RDS DB instances should not be deployed in public subnets with routes to internet gateways", Fsbp, "the data subnets have no route out at all"),

        // S3
        Account("S3.1", "S3 general purpose buckets should have block public access settings enabled", FsbpCis, "the account's block public access; each stack bucket blocks it too (S3.8)"),
        Always("S3.2", "S3 general purpose buckets should block public read access", Fsbp, "both buckets block public access and have no public policy"),
        Always("S3.3", "S3 general purpose buckets should block public write access", Fsbp, "both buckets block public access"),
        Always("S3.5", "S3 general purpose buckets should require requests to use SSL", FsbpCis, "both bucket policies deny requests without aws:SecureTransport"),
        Always("S3.6", "S3 general purpose bucket policies should restrict access to other AWS accounts", Fsbp, "only the Region's load balancer log writer may put objects, under alb/"),
        Always("S3.8", "S3 general purpose buckets should block public access", FsbpCis, "all four block public access settings on both buckets"),
        NotMet("S3.9", "S3 general purpose buckets should have server access logging enabled", Fsbp, "not yet for the package bucket (the access-log bucket itself is exempt, as the control's page says)"),
        Always("S3.12", "ACLs should not be used to manage user access to S3 general purpose buckets", Fsbp, "object ownership BucketOwnerEnforced: ACLs are off"),
        NotMet("S3.13", "S3 general purpose buckets should have Lifecycle configurations", Fsbp, "the access-log bucket expires its logs; the package bucket has no lifecycle yet (packages are kept for rollbacks)"),

        // SNS, Secrets Manager, Systems Manager, WAF, Route 53
        Always("SNS.4", "SNS topic access policies should not allow public access", Fsbp, "the alarm topic's policy names the account, its alarms and its budgets only"),
        NotMet("SecretsManager.1", "Secrets Manager secrets should have automatic rotation enabled", Fsbp,
            "no rotation: the servers read the database password at boot, so rotating it needs the app to reconnect with a new one (not built yet)"),
        NotApplicable("SecretsManager.2", "Secrets Manager secrets configured with automatic rotation should rotate successfully", Fsbp, "no secret rotates (SecretsManager.1)"),
        Always("SecretsManager.3", "Remove unused Secrets Manager secrets", Fsbp, "every server reads its secrets when it boots (a fleet that launches no server for 90 days would fail it)"),
        NotMet("SecretsManager.4", "Secrets Manager secrets should be rotated within a specified number of days", Fsbp, "no rotation (SecretsManager.1)"),
        Always("SSM.1", "Amazon EC2 instances should be managed by AWS Systems Manager", Fsbp, "the servers' role has AmazonSSMManagedInstanceCore, Amazon Linux runs the agent"),
        NotApplicable("SSM.2", "Amazon EC2 instances managed by Systems Manager should have a patch compliance status of COMPLIANT after a patch installation", Fsbp,
            "no Patch Manager: servers are replaced, from the pinned image, rather than patched"),
        NotApplicable("SSM.3", "Amazon EC2 instances managed by Systems Manager should have an association compliance status of COMPLIANT", Fsbp, "no State Manager association"),
        When("WAF.10", "AWS WAF web ACLs should have at least one rule or rule group", Fsbp, settings => settings.Waf.Enabled, "3 rules", "no web ACL", "waf"),
        When("WAF.11", "AWS WAF web ACL logging should be enabled", Nist, settings => settings.Waf.Enabled, "to an aws-waf-logs- group, credentials headers redacted", "no web ACL", "waf"),
        When("WAF.12", "AWS WAF rules should have CloudWatch metrics enabled", Fsbp, settings => settings.Waf.Enabled, "every rule and the ACL publish metrics", "no web ACL", "waf"),
        NotApplicable("Route53.2", "Route 53 public hosted zones should log DNS queries", Fsbp, "the hosted zone is yours (hostedZone): the stack only adds records to it"),
    ];

    /// <summary>Each control's state for <paramref name="settings"/>, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<(SecurityControl Control, ControlState State)> For(StackSettings settings) =>
        All.Select(control => (control, control.Evaluate(settings))).ToList();
}
