// The type tokens of everything the program registers (checked against @pulumi/aws 7.48.0 and @pulumi/random 4.21.2).
namespace WebStack.Infra.Tests;

internal static class ResourceTypes
{
    public const string Stack = "pulumi:pulumi:Stack";
    public const string AwsProvider = "pulumi:providers:aws";
    public const string Vpc = "aws:ec2/vpc:Vpc";
    public const string Subnet = "aws:ec2/subnet:Subnet";
    public const string InternetGateway = "aws:ec2/internetGateway:InternetGateway";
    public const string Eip = "aws:ec2/eip:Eip";
    public const string NatGateway = "aws:ec2/natGateway:NatGateway";
    public const string RouteTable = "aws:ec2/routeTable:RouteTable";
    public const string Route = "aws:ec2/route:Route";
    public const string RouteTableAssociation = "aws:ec2/routeTableAssociation:RouteTableAssociation";
    public const string FlowLog = "aws:ec2/flowLog:FlowLog";
    public const string VpcEndpoint = "aws:ec2/vpcEndpoint:VpcEndpoint";
    public const string SecurityGroup = "aws:ec2/securityGroup:SecurityGroup";
    public const string IngressRule = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    public const string EgressRule = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
    public const string LaunchTemplate = "aws:ec2/launchTemplate:LaunchTemplate";
    public const string LoadBalancer = "aws:lb/loadBalancer:LoadBalancer";
    public const string TargetGroup = "aws:lb/targetGroup:TargetGroup";
    public const string Listener = "aws:lb/listener:Listener";
    public const string AutoScalingGroup = "aws:autoscaling/group:Group";
    public const string ScalingPolicy = "aws:autoscaling/policy:Policy";
    public const string Role = "aws:iam/role:Role";
    public const string RolePolicy = "aws:iam/rolePolicy:RolePolicy";
    public const string RolePolicyAttachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
    public const string InstanceProfile = "aws:iam/instanceProfile:InstanceProfile";
    public const string DbSubnetGroup = "aws:rds/subnetGroup:SubnetGroup";
    public const string DbInstance = "aws:rds/instance:Instance";
    public const string DbParameterGroup = "aws:rds/parameterGroup:ParameterGroup";
    public const string Certificate = "aws:acm/certificate:Certificate";
    public const string CertificateValidation = "aws:acm/certificateValidation:CertificateValidation";
    public const string Record = "aws:route53/record:Record";
    public const string Secret = "aws:secretsmanager/secret:Secret";
    public const string SecretVersion = "aws:secretsmanager/secretVersion:SecretVersion";
    public const string Bucket = "aws:s3/bucket:Bucket";
    public const string BucketPublicAccessBlock = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
    public const string BucketOwnershipControls = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
    public const string BucketEncryption = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
    public const string BucketObject = "aws:s3/bucketObjectv2:BucketObjectv2";
    public const string LogGroup = "aws:cloudwatch/logGroup:LogGroup";
    public const string MetricAlarm = "aws:cloudwatch/metricAlarm:MetricAlarm";
    public const string Dashboard = "aws:cloudwatch/dashboard:Dashboard";
    public const string Topic = "aws:sns/topic:Topic";
    public const string TopicSubscription = "aws:sns/topicSubscription:TopicSubscription";
    public const string BucketPolicy = "aws:s3/bucketPolicy:BucketPolicy";
    public const string BucketLifecycle = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
    public const string Budget = "aws:budgets/budget:Budget";
    public const string RandomPassword = "random:index/randomPassword:RandomPassword";
    public const string RandomString = "random:index/randomString:RandomString";

    public const string TopicPolicy = "aws:sns/topicPolicy:TopicPolicy";
    public const string DefaultSecurityGroup = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
    public const string WebAcl = "aws:wafv2/webAcl:WebAcl";
    public const string WebAclAssociation = "aws:wafv2/webAclAssociation:WebAclAssociation";
    public const string WebAclLogging = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";
    public const string GetAvailabilityZones = "aws:index/getAvailabilityZones:getAvailabilityZones";
    public const string GetInstanceTypeOfferings = "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings";
    public const string GetZone = "aws:route53/getZone:getZone";
    public const string GetCallerIdentity = "aws:index/getCallerIdentity:getCallerIdentity";

    /// <summary>Resources whose arguments take a tags map: each must carry the stack's tags.</summary>
    public static readonly IReadOnlySet<string> TakeTags = new HashSet<string>(StringComparer.Ordinal)
    {
        Vpc, Subnet, InternetGateway, Eip, NatGateway, RouteTable, FlowLog, VpcEndpoint, SecurityGroup, IngressRule, EgressRule,
        LaunchTemplate, LoadBalancer, TargetGroup, Listener, Role, InstanceProfile, DbSubnetGroup, DbInstance, Secret, Bucket,
        BucketObject, LogGroup, Budget, DbParameterGroup, Certificate, MetricAlarm, Topic, WebAcl, DefaultSecurityGroup,
    };

    /// <summary>AWS resources whose arguments have no tags at all (the auto-scaling group's tags are a list, checked apart).</summary>
    public static readonly IReadOnlySet<string> TakeNoTags = new HashSet<string>(StringComparer.Ordinal)
    {
        Route, RouteTableAssociation, RolePolicy, RolePolicyAttachment, SecretVersion, BucketPublicAccessBlock,
        BucketOwnershipControls, BucketEncryption, ScalingPolicy, CertificateValidation, Record, Dashboard, TopicSubscription, TopicPolicy, BucketPolicy, BucketLifecycle,
        WebAclAssociation, WebAclLogging,
    };
}
