// The servers: an auto-scaling group of Amazon Linux 2023 instances in the app subnets, one zone each, behind the
// load balancer's target group. Each boots from a launch template whose user data (rendered by the core) installs
// nginx in front of the app processes, fetches each app's package and the RDS root certificates from S3, and the
// database credentials and the apps' secrets from Secrets Manager. The instance role may read exactly those objects
// and those secrets, plus what Session Manager needs. A new package, AMI or setting makes a new template version, and the group's instance refresh
// rolls it out; the refresh fails, and rolls back, while one of the alarms it watches is in ALARM. The servers'
// CloudWatch agent may write to the stack's log groups and publish metrics in its own namespace, nothing else.
using System.Collections.Immutable;
using System.Globalization;
using Pulumi;
using WebStack.Core;
using WebStack.Core.Deployment;
using WebStack.Core.Naming;
using WebStack.Core.Servers;
using WebStack.Infra.Deploy;
using Aws = Pulumi.Aws;

namespace WebStack.Infra.Components;

/// <param name="ReadyBeforeServers">What a server needs at boot (routes, firewall rules, the package, the secret), so
/// the group starts none before they exist.</param>
internal sealed record AppFleetArgs(
    StackPlan Plan,
    StackPackages Packages,
    Output<ImmutableArray<string>> AppSubnetIds,
    Output<string> SecurityGroupId,
    Output<string> TargetGroupArn,
    Output<string> PackageBucketName,
    Output<ImmutableArray<string>> PackageObjectArns,
    Output<string> CaBundleArn,
    Output<string> DatabaseSecretArn,
    IReadOnlyList<Resource> ReadyBeforeServers)
{
    /// <summary>The secret of each site whose app has secrets, by site name.</summary>
    public required Output<ImmutableDictionary<string, string>> AppSecretArns { get; init; }

    /// <summary>The log group of each server log (ServerLogs.Keys), which the servers' CloudWatch agent writes to.</summary>
    public required Output<ImmutableDictionary<string, string>> LogGroupNames { get; init; }

    public required Output<ImmutableArray<string>> LogGroupArns { get; init; }

    /// <summary>The alarms the instance refresh watches: it fails, and rolls back, while one of them is in ALARM.</summary>
    public required Output<ImmutableArray<string>> DeployGuardAlarms { get; init; }
}

internal sealed class AppFleet : ComponentResource
{
    public const string TypeToken = "webstack:fleet:AppFleet";

    public const string RootDeviceName = "/dev/xvda";

    public const int RootVolumeGb = ServerPlan.RootVolumeGb;

    /// <summary>
    /// Properties Pulumi leaves alone after creation: the scaling policy owns the number of servers, so an update
    /// must not reset it to the configured desiredCapacity; and the launch template version the group launches is the
    /// deploy's (FleetDeployment): AWS sets it when a refresh to it succeeds, never Pulumi before one has.
    /// </summary>
    public static readonly IReadOnlyList<string> GroupIgnoredChanges = ["desiredCapacity", "launchTemplate"];

    public const string GroupMetricsGranularity = "1Minute";

    /// <summary>The group metrics the group publishes: what is in service, wanted, starting and stopping.</summary>
    public static readonly IReadOnlyList<Aws.AutoScaling.Metric> GroupMetrics =
    [
        Aws.AutoScaling.Metric.GroupInServiceInstances,
        Aws.AutoScaling.Metric.GroupDesiredCapacity,
        Aws.AutoScaling.Metric.GroupPendingInstances,
        Aws.AutoScaling.Metric.GroupTerminatingInstances,
        Aws.AutoScaling.Metric.GroupTotalInstances,
    ];

    /// <summary>What the CloudWatch agent does in a log group: find its stream, make it, write to it.</summary>
    public static readonly IReadOnlyList<string> LogActions = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"];

    public AppFleet(string name, AppFleetArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        var plan = args.Plan;
        Role = CreateRole(plan);
        var permissions = GrantAccess(plan, args);
        InstanceProfile = CreateInstanceProfile(plan);
        // The image the stack is pinned to (`webstack ami update`): a new Amazon Linux release rolls nothing by itself.
        var image = plan.Settings.Image ?? throw new RunException(StackConfiguration.ImageNotPinned(plan.Settings.Stack));
        Template = CreateLaunchTemplate(plan, args.SecurityGroupId, Output.Create(image.Id), RenderUserData(plan, args), Releases(args.Packages));
        Group = CreateGroup(plan, args, [.. args.ReadyBeforeServers, .. permissions]);
        CreateScalingPolicy(plan);
        Deployed = Deploy(plan, args);

        GroupName = Group.Name;
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["groupName"] = GroupName,
            ["launchTemplateId"] = Template.Id,
            ["launchTemplateVersion"] = Template.LatestVersion,
            ["deployed"] = Deployed,
        });
    }

    private Aws.Iam.Role CreateRole(StackPlan plan)
    {
        var names = plan.Names;
        return new Aws.Iam.Role(names.AppRole.Logical, new Aws.Iam.RoleArgs
        {
            Description = $"The app servers of {names.Base}",
            AssumeRolePolicy = PolicyDocuments.AssumeRole("ec2.amazonaws.com"),
            Tags = Tagging.For(plan, names.AppRole),
        }, Child());
    }

    /// <summary>Session Manager, and exactly what a server reads and writes: its packages, the roots, its secrets, its logs.</summary>
    private IReadOnlyList<Resource> GrantAccess(StackPlan plan, AppFleetArgs args)
    {
        var names = plan.Names;
        var partition = AwsPartition.Of(plan.Settings.Region);
        var sessionManager = new Aws.Iam.RolePolicyAttachment(names.SessionManagerAttachment.Logical, new Aws.Iam.RolePolicyAttachmentArgs
        {
            Role = Role.Name,
            PolicyArn = $"arn:{partition}:iam::aws:policy/AmazonSSMManagedInstanceCore",
        }, Child());

        var secretArns = Output.Tuple(args.DatabaseSecretArn, args.AppSecretArns)
            .Apply(arns => arns.Item2.Values.Order(StringComparer.Ordinal).Prepend(arns.Item1).ToImmutableArray());
        var access = new Aws.Iam.RolePolicy(names.AppAccessPolicy.Logical, new Aws.Iam.RolePolicyArgs
        {
            Role = Role.Name,
            Policy = Output.Tuple(args.PackageObjectArns, args.CaBundleArn, secretArns, args.LogGroupArns).Apply(arns => PolicyDocuments.Allow(
                new PolicyStatement("ReadAppPackage", ["s3:GetObject"], [.. arns.Item1, arns.Item2]),
                new PolicyStatement("ReadDatabaseCredentials", ["secretsmanager:GetSecretValue"], [.. arns.Item3]),
                // The CloudWatch agent: its streams in the stack's log groups (a group's ARN, ":*" for its streams), no other group.
                new PolicyStatement("WriteServerLogs", LogActions, [.. arns.Item4.Select(arn => $"{arn}:*")]),
                // PutMetricData takes no resource; the condition keeps the agent to its own namespace.
                new PolicyStatement("PutAgentMetrics", ["cloudwatch:PutMetricData"], ["*"], new Dictionary<string, IReadOnlyDictionary<string, string>>
                {
                    ["StringEquals"] = new Dictionary<string, string> { ["cloudwatch:namespace"] = CloudWatchAgentConfig.MetricsNamespace },
                }))),
        }, Child());
        return [sessionManager, access];
    }

    private Aws.Iam.InstanceProfile CreateInstanceProfile(StackPlan plan) =>
        new(plan.Names.InstanceProfile.Logical, new Aws.Iam.InstanceProfileArgs
        {
            Role = Role.Name,
            Tags = Tagging.For(plan, plan.Names.InstanceProfile),
        }, Child());

    /// <summary>
    /// Once the template has its new version (and the guard alarms exist), the deploy to it: the program's own instance
    /// refresh, waited for (FleetDeployment). A preview deploys nothing.
    /// </summary>
    private Output<string> Deploy(StackPlan plan, AppFleetArgs args)
    {
        // Made while the stack is built: the CLI and the poll interval are those of this run.
        var deployment = new FleetDeployment(AwsCli.For(plan.Settings.Region), plan, message => Log.Info(message, this));
        return Output.Tuple(Group.Name, Template.Id, Template.LatestVersion, args.TargetGroupArn, args.DeployGuardAlarms).Apply(async values =>
        {
            var releases = Releases(args.Packages);
            if (Deployment.Instance.IsDryRun)
            {
                return plan.Settings.RollbackTo is { } held && held != releases[AppSite.DefaultName]
                    ? $"held on release {held} (webstack:rollbackTo): `pulumi up` refreshes the group to the launch template version that carries it"
                    : $"release {releases[AppSite.DefaultName]}: the group is refreshed to launch template version {values.Item3} when `pulumi up` runs";
            }

            return await deployment.RunAsync(new FleetDeployTarget(values.Item1, values.Item2, values.Item3, values.Item4, values.Item5, releases));
        });
    }

    private static IReadOnlyDictionary<string, string> Releases(StackPackages packages) =>
        packages.Sites.ToDictionary(pair => pair.Key, pair => pair.Value.Package.ReleaseName, StringComparer.Ordinal);

    /// <summary>Rendered once the bucket and the secrets exist; it names the secrets, never a value in them.</summary>
    private static Output<string> RenderUserData(StackPlan plan, AppFleetArgs args) =>
        Output.Tuple(args.PackageBucketName, args.DatabaseSecretArn, args.LogGroupNames, args.AppSecretArns).Apply(values =>
        {
            var sites = args.Packages.Sites.ToDictionary(
                pair => pair.Key,
                pair => new SitePackage(pair.Value.ObjectKey, pair.Value.Package.Sha256, pair.Value.Start, values.Item4.GetValueOrDefault(pair.Key)),
                StringComparer.Ordinal);
            var inputs = BootstrapInputs.For(plan.Settings.Region, values.Item1, values.Item2, sites, new ServerMonitoring(values.Item3, plan.Names.Base));
            return UserDataScript.ToLaunchTemplateUserData(plan.UserData(inputs));
        });

    private Aws.Ec2.LaunchTemplate CreateLaunchTemplate(StackPlan plan, Output<string> securityGroupId, Output<string> imageId, Output<string> userData, IReadOnlyDictionary<string, string> releases)
    {
        var names = plan.Names;
        var templateName = names.LaunchTemplate;
        var templateArgs = new Aws.Ec2.LaunchTemplateArgs
        {
            // Each version says which releases it carries, so a deploy can name the one it replaced and rollbackTo find one.
            Description = ReleaseHistory.Description($"{names.Base} app server: nginx and {plan.Server.ProcessCount} app processes", releases),
            ImageId = imageId,
            InstanceType = plan.Settings.Fleet.InstanceType,
            IamInstanceProfile = new Aws.Ec2.Inputs.LaunchTemplateIamInstanceProfileArgs { Arn = InstanceProfile.Arn },
            VpcSecurityGroupIds = { securityGroupId },
            MetadataOptions = new Aws.Ec2.Inputs.LaunchTemplateMetadataOptionsArgs
            {
                // IMDSv2 only, and its token can't leave the instance (one hop): no SSRF-style credential theft.
                HttpEndpoint = "enabled",
                HttpTokens = "required",
                HttpPutResponseHopLimit = 1,
                InstanceMetadataTags = "disabled",
            },
            BlockDeviceMappings =
            {
                new Aws.Ec2.Inputs.LaunchTemplateBlockDeviceMappingArgs
                {
                    DeviceName = RootDeviceName,
                    Ebs = new Aws.Ec2.Inputs.LaunchTemplateBlockDeviceMappingEbsArgs
                    {
                        VolumeSize = RootVolumeGb,
                        VolumeType = "gp3",
                        Encrypted = "true",
                        DeleteOnTermination = "true",
                    },
                },
            },
            UserData = userData,
            UpdateDefaultVersion = true,
            TagSpecifications =
            {
                new Aws.Ec2.Inputs.LaunchTemplateTagSpecificationArgs { ResourceType = "instance", Tags = Tagging.For(plan, names.Server) },
                new Aws.Ec2.Inputs.LaunchTemplateTagSpecificationArgs { ResourceType = "volume", Tags = Tagging.For(plan, names.ServerVolume) },
            },
            Tags = Tagging.For(plan, templateName),
        };
        if (plan.Settings.Ssh is { } ssh)
        {
            templateArgs.KeyName = ssh.KeyName;
        }

        return new Aws.Ec2.LaunchTemplate(templateName.Logical, templateArgs, Child());
    }

    private Aws.AutoScaling.Group CreateGroup(StackPlan plan, AppFleetArgs args, IReadOnlyList<Resource> dependencies)
    {
        var names = plan.Names;
        var settings = plan.Settings;
        var fleet = settings.Fleet;
        var groupName = names.AutoScalingGroup;
        var deployment = plan.Deployment;
        return new Aws.AutoScaling.Group(groupName.Logical, new Aws.AutoScaling.GroupArgs
        {
            VpcZoneIdentifiers = args.AppSubnetIds,
            TargetGroupArns = { args.TargetGroupArn },
            HealthCheckType = "ELB",
            HealthCheckGracePeriod = deployment.HealthCheckGraceSeconds,
            DefaultInstanceWarmup = deployment.InstanceWarmupSeconds,
            // Group metrics (free, once a minute): the in-service alarm and the dashboard read them.
            MetricsGranularity = GroupMetricsGranularity,
            EnabledMetrics = GroupMetrics.ToList(),
            MinSize = fleet.MinSize,
            MaxSize = fleet.MaxSize,
            DesiredCapacity = fleet.DesiredCapacity,
            // The version at creation; afterwards each deploy's refresh moves it (GroupIgnoredChanges).
            LaunchTemplate = new Aws.AutoScaling.Inputs.GroupLaunchTemplateArgs
            {
                Id = Template.Id,
                Version = Template.LatestVersion.Apply(version => version.ToString(CultureInfo.InvariantCulture)),
            },
            // A new group is created only once its servers are in service in the target group, within the time a first
            // boot takes (the health check grace, its checks, some slack).
            MinElbCapacity = fleet.DesiredCapacity,
            WaitForCapacityTimeout = $"{deployment.FirstLaunchTimeoutSeconds(settings.HealthCheck).ToString(CultureInfo.InvariantCulture)}s",
            // Launch before terminate, for a server that fails its checks as for a deploy (whose refresh the program
            // starts with the same min/max): no server goes before its replacement is healthy and warmed up.
            InstanceMaintenancePolicy = new Aws.AutoScaling.Inputs.GroupInstanceMaintenancePolicyArgs
            {
                MinHealthyPercentage = deployment.MinHealthyPercentage,
                MaxHealthyPercentage = deployment.MaxHealthyPercentage,
            },
            Tags = Tagging.Of(plan, groupName).Select(tag => new Aws.AutoScaling.Inputs.GroupTagArgs
            {
                Key = tag.Key,
                Value = tag.Value,
                // The launch template names the instances; every other tag goes onto them from the group as well.
                PropagateAtLaunch = tag.Key != StandardTags.Name,
            }).ToList(),
        }, GroupOptions(this, dependencies));
    }

    private void CreateScalingPolicy(StackPlan plan)
    {
        var names = plan.Names;
        _ = new Aws.AutoScaling.Policy(names.ScalingPolicy.Logical, new Aws.AutoScaling.PolicyArgs
        {
            AutoscalingGroupName = Group.Name,
            PolicyType = "TargetTrackingScaling",
            TargetTrackingConfiguration = new Aws.AutoScaling.Inputs.PolicyTargetTrackingConfigurationArgs
            {
                PredefinedMetricSpecification = new Aws.AutoScaling.Inputs.PolicyTargetTrackingConfigurationPredefinedMetricSpecificationArgs
                {
                    PredefinedMetricType = "ASGAverageCPUUtilization",
                },
                TargetValue = plan.Settings.Fleet.ScalingCpuTarget,
            },
        }, Child());
    }

    public Aws.Iam.Role Role { get; }

    public Aws.Iam.InstanceProfile InstanceProfile { get; }

    public Aws.Ec2.LaunchTemplate Template { get; }

    public Aws.AutoScaling.Group Group { get; }

    public Output<string> GroupName { get; }

    /// <summary>What the deploy left running (the release and launch template version every server runs).</summary>
    public Output<string> Deployed { get; }

    /// <summary>The auto-scaling group's options: a child of the fleet, after what servers need at boot, and with
    /// <see cref="GroupIgnoredChanges"/> left to the scaling policy.</summary>
    internal static CustomResourceOptions GroupOptions(Resource? parent, IEnumerable<Resource> dependsOn)
    {
        var options = new CustomResourceOptions { Parent = parent, IgnoreChanges = [.. GroupIgnoredChanges] };
        foreach (var dependency in dependsOn)
        {
            options.DependsOn.Add(dependency);
        }

        return options;
    }

    private CustomResourceOptions Child() => new() { Parent = this };
}
