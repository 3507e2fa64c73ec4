// The table of AWS's name rules, one entry per kind of name the stack gives (now or in the work planned next), each with
// the source of its limits. Every name the program uses is fitted to one of these (ResourceNames), so a stack's names
// are valid by construction rather than found too long in the middle of `pulumi up`.
//
// How Pulumi's AWS provider (pulumi-aws 7.x) names things, from its source:
// - provider/autonaming.go: every resource with a `name` input is autonamed: the logical name, '-', 7 random hex
//   digits (pulumi-terraform-bridge names.go, FromName/NewUniqueName), refused at preview when longer than 255.
// - provider/resource_overrides.go and aliases.go replace that for some kinds: IAM role (64), target group (32), S3
//   bucket (63, lower-cased), SNS topic (80), metric alarm (`alarm_name`, 255), RDS instance (`identifier`, 255; 15
//   for SQL Server), Route 53 record (not autonamed: its name is the DNS name).
// - The provider's maximum is not AWS's: it autonames a load balancer, an instance profile, a launch template, a budget
//   or an RDS instance up to 255 characters. Each entry below therefore takes the smaller of the two.
// - Names are never cut by the provider: a name too long for its maximum fails the preview, and one too long for AWS
//   fails `up` at that resource. The fitted logical name (Room) leaves space for the suffix, so neither happens.
// - Pulumi's autonaming can be changed per project (`pulumi:autonaming`); these rules assume the default, and the
//   settings refuse that key (NameCheck).
namespace WebStack.Core.Naming;

public static class NameRules
{
    private const string Lower = "lower-case letters, digits and '-'";
    private const string LettersDigitsHyphens = "letters, digits and '-'";

    // Tag values: 0-256 Unicode characters, "aws:" reserved as a prefix; letters, digits, spaces and + - = . _ : / @
    // are allowed by every service. Source: AWS Tagging Best Practices / Tag Editor "Tag naming limits and
    // requirements", https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html, and EC2 "Tag
    // restrictions", https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions.
    public static NameRule NameTag { get; } = TagOnly("Name tag");

    // EC2 CreateSecurityGroup GroupName: up to 255 characters; a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*; can't
    // start with "sg-". https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html
    public static NameRule SecurityGroup { get; } = new()
    {
        Kind = "EC2 security group name",
        Source = "EC2 API CreateSecurityGroup, GroupName",
        Assignment = NameAssignment.PulumiAutoname,
        Autonaming = "name + '-' + 7 hex, up to 255 (default autonaming)",
        ProviderMaxLength = 255,
        MaxLength = 255,
        Characters = @"A-Za-z0-9 ._\-:/()#,@\[\]+=&;{}!$*",
        CharactersText = "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*",
        Forbidden = [new("^(?i:sg-)", "must not start with \"sg-\"")],
    };

    // ELBv2 CreateLoadBalancer Name: at most 32 characters, alphanumerics or hyphens, not beginning or ending with a
    // hyphen, not beginning with "internal-". The provider autonames it up to 255 (no override for aws_lb).
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
    public static NameRule LoadBalancer { get; } = Elbv2(
        "load balancer name", "ELBv2 API CreateLoadBalancer, Name", 255,
        "name + '-' + 7 hex, up to 255 (default autonaming: the provider doesn't know the 32)") with
    {
        Forbidden = [new("^(?i:internal-)", "must not start with \"internal-\"")],
    };

    // ELBv2 CreateTargetGroup Name: at most 32 characters, alphanumerics or hyphens, not beginning or ending with a
    // hyphen. The provider knows the 32 (aliases.go: AutoName("name", 32, "-")).
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
    public static NameRule TargetGroup { get; } = Elbv2(
        "target group name", "ELBv2 API CreateTargetGroup, Name", 32, "name + '-' + 7 hex, up to 32");

    // IAM CreateRole RoleName: 1-64 of [\w+=,.@-] (ASCII letters, digits and _+=,.@-); unique case-insensitively.
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
    public static NameRule IamRole { get; } = Iam("IAM role name", "IAM API CreateRole, RoleName", 64, 64, "name + '-' + 7 hex, up to 64");

    // IAM CreateInstanceProfile InstanceProfileName: 1-128 of [\w+=,.@-]. The provider autonames it up to 255.
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html
    public static NameRule InstanceProfile { get; } = Iam(
        "IAM instance profile name", "IAM API CreateInstanceProfile, InstanceProfileName", 128, 255, "name + '-' + 7 hex, up to 255 (default autonaming)");

    // IAM PutRolePolicy PolicyName (an inline policy): 1-128 of [\w+=,.@-]. The provider autonames it up to 255.
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html
    public static NameRule RolePolicy { get; } = Iam(
        "IAM inline role policy name", "IAM API PutRolePolicy, PolicyName", 128, 255, "name + '-' + 7 hex, up to 255 (default autonaming)");

    // EC2 CreateLaunchTemplate LaunchTemplateName: 3-128 of [a-zA-Z0-9().\-/_]. The provider autonames it up to 255.
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplate.html
    public static NameRule LaunchTemplate { get; } = new()
    {
        Kind = "EC2 launch template name",
        Source = "EC2 API CreateLaunchTemplate, LaunchTemplateName",
        Assignment = NameAssignment.PulumiAutoname,
        Autonaming = "name + '-' + 7 hex, up to 255 (default autonaming)",
        ProviderMaxLength = 255,
        MinLength = 3,
        MaxLength = 128,
        Characters = @"A-Za-z0-9().\-/_",
        CharactersText = "letters, digits and ().-/_",
    };

    // EC2 Auto Scaling CreateAutoScalingGroup AutoScalingGroupName: 1-255 printable Unicode characters.
    // https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html
    public static NameRule AutoScalingGroup { get; } = Printable(
        "auto-scaling group name", "EC2 Auto Scaling API CreateAutoScalingGroup, AutoScalingGroupName", 255, 255);

    // EC2 Auto Scaling PutScalingPolicy PolicyName: 1-255 printable Unicode characters.
    // https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutScalingPolicy.html
    public static NameRule ScalingPolicy { get; } = Printable(
        "auto-scaling policy name", "EC2 Auto Scaling API PutScalingPolicy, PolicyName", 255, 255);

    // S3 general purpose bucket naming rules: 3-63 characters; lower-case letters, digits, '.' and '-'; begins and ends
    // with a letter or digit; no two adjacent periods; not an IP address; not starting with xn--, sthree- or
    // amzn-s3-demo-; not ending with -s3alias, --ol-s3, .mrap or --x-s3. The provider knows the 63 and lower-cases the
    // logical name (AutoNameTransform("bucket", 63, ToLower)).
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
    public static NameRule S3Bucket { get; } = new()
    {
        Kind = "S3 bucket name",
        Source = "S3 User Guide, general purpose bucket naming rules",
        Assignment = NameAssignment.PulumiAutoname,
        Autonaming = "lower-cased name + '-' + 7 hex, up to 63",
        ProviderMaxLength = 63,
        MinLength = 3,
        MaxLength = 63,
        Characters = "a-z0-9.-",
        CharactersText = "lower-case letters, digits, '.' and '-'",
        First = FirstCharacter.LetterOrDigit,
        LastIsLetterOrDigit = true,
        Forbidden =
        [
            new(@"\.\.", "must not contain two periods in a row"),
            new(@"^\d{1,3}(\.\d{1,3}){3}$", "must not be formatted as an IP address"),
            new("^(xn--|sthree-|amzn-s3-demo-)", "must not start with xn--, sthree- or amzn-s3-demo-"),
            new(@"(-s3alias|--ol-s3|\.mrap|--x-s3)$", "must not end with -s3alias, --ol-s3, .mrap or --x-s3"),
        ],
    };

    // S3 object keys: UTF-8, at most 1,024 bytes; the "safe characters" are letters, digits and !-_.*'()/.
    // The program sets the key (app/<sha256>.tar.gz), which doesn't depend on the stack's name.
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html
    public static NameRule S3ObjectKey { get; } = new()
    {
        Kind = "S3 object key",
        ComesFromStackName = false,
        Source = "S3 User Guide, naming Amazon S3 objects (object key naming guidelines)",
        Assignment = NameAssignment.Program,
        Autonaming = "not autonamed: the package's key, `app/<sha256>.tar.gz`",
        MaxLength = 1024,
        LengthInBytes = true,
        Characters = @"A-Za-z0-9!\-_.*'()/",
        CharactersText = "letters, digits and the safe characters !-_.*'()/",
    };

    // RDS CreateDBInstance DBInstanceIdentifier: 1-63 letters, digits or hyphens; first a letter; no trailing hyphen and
    // no two consecutive hyphens; stored lower case (the provider's validation wants lower case). The provider
    // autonames it up to 255 (resource_overrides.go, aws_db_instance.identifier), so without fitting, a long stack's
    // database got a 64-character identifier and `up` failed after the network and the fleet were built.
    // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
    public static NameRule DbInstance { get; } = Rds(
        "RDS DB instance identifier", "RDS API CreateDBInstance, DBInstanceIdentifier", NameAssignment.PulumiAutoname, 63,
        "identifier: name + '-' + 7 hex, up to 255 (the provider doesn't know the 63)");

    // RDS DeleteDBInstance FinalDBSnapshotIdentifier (a DBSnapshotIdentifier): 1-255 letters, digits or hyphens; first
    // a letter; no trailing hyphen and no two consecutive hyphens. The program sets it: the fitted name, '-' and 8
    // random lower-case letters and digits (so a re-created stack's snapshot never collides with an earlier one).
    // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html
    public static NameRule DbFinalSnapshot { get; } = Rds(
        "RDS final DB snapshot identifier", "RDS API DeleteDBInstance, FinalDBSnapshotIdentifier", NameAssignment.Program, 255,
        "not autonamed: the program sets it, + '-' + 8 random characters") with
    { ProgramSuffixLength = 9 };

    // RDS CreateDBSubnetGroup DBSubnetGroupName: up to 255 letters, digits, periods, underscores, spaces or hyphens;
    // first a letter; not "default"; stored lower case (the provider's validation wants lower case).
    // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html
    public static NameRule DbSubnetGroup { get; } = new()
    {
        Kind = "RDS DB subnet group name",
        Source = "RDS API CreateDBSubnetGroup, DBSubnetGroupName",
        Assignment = NameAssignment.PulumiAutoname,
        Autonaming = "name + '-' + 7 hex, up to 255 (default autonaming)",
        ProviderMaxLength = 255,
        MaxLength = 255,
        Characters = "a-z0-9 ._-",
        CharactersText = "lower-case letters, digits, spaces and ._-",
        First = FirstCharacter.Letter,
        Forbidden = [new("^default$", "must not be \"default\"")],
    };

    // RDS CreateDBParameterGroup DBParameterGroupName: 1-255 letters, digits or hyphens; first a letter; no trailing
    // hyphen and no two consecutive hyphens; stored lower case. For the database's parameter group to come.
    // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBParameterGroup.html
    public static NameRule DbParameterGroup { get; } = Rds(
        "RDS DB parameter group name", "RDS API CreateDBParameterGroup, DBParameterGroupName", NameAssignment.PulumiAutoname, 255,
        "name + '-' + 7 hex, up to 255 (default autonaming)");

    // Secrets Manager CreateSecret Name: 1-512 of letters, digits and /_+=.@-; AWS advises against ending with a hyphen
    // and six characters (it appends '-' and six characters to the ARN). The provider autonames it up to 255, so the
    // name always ends with '-' and 7 characters.
    // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
    public static NameRule Secret { get; } = new()
    {
        Kind = "Secrets Manager secret name",
        Source = "Secrets Manager API CreateSecret, Name",
        Assignment = NameAssignment.PulumiAutoname,
        Autonaming = "name + '-' + 7 hex, up to 255 (default autonaming)",
        ProviderMaxLength = 255,
        MaxLength = 512,
        Characters = "A-Za-z0-9/_+=.@-",
        CharactersText = "letters, digits and /_+=.@-",
        Forbidden = [new("-[^-]{6}$", "must not end with '-' and six characters (Secrets Manager's own ARN suffix)")],
    };

    // CloudWatch Logs CreateLogGroup logGroupName: 1-512 of [.\-_/#A-Za-z0-9]. Flow logs now; the app's logs next.
    // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
    public static NameRule LogGroup { get; } = new()
    {
        Kind = "CloudWatch Logs log group name",
        Source = "CloudWatch Logs API CreateLogGroup, logGroupName",
        Assignment = NameAssignment.PulumiAutoname,
        Autonaming = "name + '-' + 7 hex, up to 255 (default autonaming)",
        ProviderMaxLength = 255,
        MaxLength = 512,
        Characters = @"A-Za-z0-9._\-/#",
        CharactersText = "letters, digits and ._-/#",
    };

    // SNS CreateTopic Name: 1-256 upper- and lower-case ASCII letters, digits, underscores and hyphens (".fifo" only
    // for FIFO topics). The provider caps autonamed topics at 80 (resource_overrides.go, aws_sns_topic), stricter than
    // AWS. https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html
    public static NameRule SnsTopic { get; } = new()
    {
        Kind = "SNS topic name",
        Source = "SNS API CreateTopic, Name",
        Assignment = NameAssignment.PulumiAutoname,
        Autonaming = "name + '-' + 7 hex, up to 80",
        ProviderMaxLength = 80,
        MaxLength = 256,
        Characters = "A-Za-z0-9_-",
        CharactersText = "letters, digits, '_' and '-'",
    };

    // CloudWatch PutMetricAlarm AlarmName: 1-255 UTF-8 characters, no ASCII control characters. The provider autonames
    // it (alarm_name, exposed as `name`) up to 255.
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
    public static NameRule MetricAlarm { get; } = Printable("CloudWatch metric alarm name", "CloudWatch API PutMetricAlarm, AlarmName", 255, 255);

    // CloudWatch PutDashboard DashboardName: at most 255 of A-Z, a-z, 0-9, '-' and '_'. Not autonamed (the input is
    // `dashboardName`, required), so the program sets it, and a name shared by two stacks would overwrite a dashboard
    // (dashboards are global to an account): the program adds '-' and 8 random characters made once per stack.
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html
    public static NameRule Dashboard { get; } = new()
    {
        Kind = "CloudWatch dashboard name",
        Source = "CloudWatch API PutDashboard, DashboardName",
        Assignment = NameAssignment.Program,
        Autonaming = "not autonamed (`dashboardName`): the program sets it, + '-' + 8 random characters",
        ProgramSuffixLength = 9,
        MaxLength = 255,
        Characters = "A-Za-z0-9_-",
        CharactersText = "letters, digits, '-' and '_'",
    };

    // WAFv2 CreateWebACL Name: 1-128 of letters, digits, '-' and '_' (^[\w\-]+$). The program sets it (the console
    // lists web ACLs by it); a name is unique in an account, Region and scope, as the stack's base is.
    // https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html
    public static NameRule WafWebAcl { get; } = new()
    {
        Kind = "WAF web ACL name",
        Source = "WAFv2 API CreateWebACL, Name",
        Assignment = NameAssignment.Program,
        Autonaming = "not autonamed here (`name`): the program sets it",
        MaxLength = 128,
        Characters = "A-Za-z0-9_-",
        CharactersText = "letters, digits, '-' and '_'",
    };

    // AWS Budgets Budget BudgetName: 1-100 characters; ':' and '\' and the substring "/action/" aren't allowed. The
    // provider autonames it (`name`, default autonaming) up to 255: it doesn't know the 100.
    // https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Budget.html
    public static NameRule Budget { get; } = new()
    {
        Kind = "AWS Budgets budget name",
        Source = "AWS Budgets API CreateBudget, Budget.BudgetName",
        Assignment = NameAssignment.PulumiAutoname,
        Autonaming = "name + '-' + 7 hex, up to 255 (default autonaming: the provider doesn't know the 100)",
        ProviderMaxLength = 255,
        MaxLength = 100,
        Characters = null,
        CharactersText = "printable characters but ':' and '\\'",
        Forbidden = [new(@"[:\\]", "must not contain ':' or '\\'"), new("/action/", "must not contain \"/action/\"")],
    };

    // Route 53 record names are DNS names: labels of 1-63 characters separated by dots, at most 255 bytes on the wire
    // (253 characters written out without the final dot). Not autonamed (resource_overrides.go: the name is the DNS
    // name). The name comes from the user's domain, not from the stack's name; this checks it.
    // https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DomainNameFormat.html
    public static NameRule Route53Record { get; } = new()
    {
        Kind = "Route 53 record name",
        ComesFromStackName = false,
        Source = "Route 53 Developer Guide, DNS domain name format",
        Assignment = NameAssignment.Program,
        Autonaming = "not autonamed: the DNS name, from the user's domain",
        MaxLength = 253,
        Characters = "A-Za-z0-9_*.-",
        CharactersText = "letters, digits, '-', '_', '.' and a leading '*'",
        Forbidden =
        [
            new(@"(^|\.)[^.]{64,}", "has a label longer than 63 characters"),
            new(@"^\.|\.\.|\.$", "has an empty label"),
            new(@".\*|\*[^.]", "may use '*' only as the whole first label"),
        ],
    };

    // VPCs, subnets, route tables, gateways, NAT gateways, Elastic IPs, flow logs, VPC endpoints, listeners,
    // security group rules, instances, volumes and (next) ACM certificates have no name of their own: AWS knows them by
    // id, and people by their Name tag, so they follow the tag's rules.
    public static NameRule Vpc { get; } = TagOnly("VPC");

    public static NameRule Subnet { get; } = TagOnly("subnet");

    public static NameRule RouteTable { get; } = TagOnly("route table");

    public static NameRule InternetGateway { get; } = TagOnly("internet gateway");

    public static NameRule NatGateway { get; } = TagOnly("NAT gateway");

    public static NameRule ElasticIp { get; } = TagOnly("Elastic IP");

    public static NameRule FlowLog { get; } = TagOnly("VPC flow log");

    public static NameRule VpcEndpoint { get; } = TagOnly("VPC endpoint");

    public static NameRule Listener { get; } = TagOnly("load balancer listener");

    public static NameRule SecurityGroupRule { get; } = TagOnly("security group rule");

    public static NameRule Instance { get; } = TagOnly("EC2 instance (launch template tag)");

    public static NameRule Volume { get; } = TagOnly("EBS volume (launch template tag)");

    public static NameRule AcmCertificate { get; } = TagOnly("ACM certificate");

    public static NameRule S3Object { get; } = TagOnly("S3 object (its key is an S3 object key)");

    // Routes, route table associations, policy attachments, bucket settings, secret versions, generated passwords,
    // the provider and the components: AWS shows no name for them, Pulumi knows them by their logical name.
    public static NameRule Unnamed { get; } = new()
    {
        Kind = "Pulumi logical name only",
        Source = "none: AWS shows no name (routes, associations, attachments, settings, secret versions, random values, components)",
        Assignment = NameAssignment.None,
        Autonaming = "none: the logical name, the whole name",
        MaxLength = int.MaxValue,
        Characters = null,
        CharactersText = "any",
    };

    /// <summary>Every rule, for checks and the README's table.</summary>
    public static IReadOnlyList<NameRule> All { get; } =
    [
        NameTag, SecurityGroup, LoadBalancer, TargetGroup, IamRole, InstanceProfile, RolePolicy, LaunchTemplate,
        AutoScalingGroup, ScalingPolicy, S3Bucket, S3ObjectKey, DbInstance, DbFinalSnapshot, DbSubnetGroup,
        DbParameterGroup, Secret, LogGroup, SnsTopic, MetricAlarm, Dashboard, WafWebAcl, Budget, Route53Record, Vpc, Subnet,
        RouteTable, InternetGateway, NatGateway, ElasticIp, FlowLog, VpcEndpoint, Listener, SecurityGroupRule, Instance,
        Volume, AcmCertificate, S3Object, Unnamed,
    ];

    private static NameRule TagOnly(string kind) => new()
    {
        Kind = kind,
        Source = "AWS tag restrictions: a tag value is at most 256 Unicode characters; \"aws:\" is reserved",
        Assignment = NameAssignment.NameTag,
        Autonaming = "none: the Name tag, the whole name",
        MinLength = 0,
        MaxLength = 256,
        Characters = @"\p{L}\p{N} +\-=._:/@",
        CharactersText = "letters, digits, spaces and + - = . _ : / @",
        Forbidden = [new("^(?i:aws:)", "must not start with \"aws:\"")],
    };

    private static NameRule Elbv2(string kind, string source, int providerMax, string autonaming) => new()
    {
        Kind = kind,
        Source = source,
        Assignment = NameAssignment.PulumiAutoname,
        Autonaming = autonaming,
        ProviderMaxLength = providerMax,
        MaxLength = 32,
        Characters = "A-Za-z0-9-",
        CharactersText = LettersDigitsHyphens,
        First = FirstCharacter.LetterOrDigit,
        LastIsLetterOrDigit = true,
    };

    private static NameRule Iam(string kind, string source, int max, int providerMax, string autonaming) => new()
    {
        Kind = kind,
        Source = source,
        Assignment = NameAssignment.PulumiAutoname,
        Autonaming = autonaming,
        ProviderMaxLength = providerMax,
        MaxLength = max,
        Characters = "A-Za-z0-9_+=,.@-",
        CharactersText = "letters, digits and _+=,.@-",
    };

    private static NameRule Printable(string kind, string source, int max, int providerMax) => new()
    {
        Kind = kind,
        Source = source,
        Assignment = NameAssignment.PulumiAutoname,
        Autonaming = $"name + '-' + 7 hex, up to {providerMax}",
        ProviderMaxLength = providerMax,
        MaxLength = max,
        Characters = null,
        CharactersText = "printable characters",
    };

    private static NameRule Rds(string kind, string source, NameAssignment assignment, int max, string autonaming) => new()
    {
        Kind = kind,
        Source = source,
        Assignment = assignment,
        Autonaming = autonaming,
        ProviderMaxLength = assignment == NameAssignment.PulumiAutoname ? 255 : 0,
        MaxLength = max,
        Characters = "a-z0-9-",
        CharactersText = Lower,
        First = FirstCharacter.Letter,
        LastIsLetterOrDigit = true,
        NoDoubleHyphen = true,
    };
}
