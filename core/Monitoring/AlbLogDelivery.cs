// Who writes an Application Load Balancer's access logs into the stack's bucket, which its bucket policy must allow:
// in the regions that existed before August 2022, Elastic Load Balancing's account of that region; in the regions
// opened since, the log delivery service principal (Elastic Load Balancing user guide, "Enable access logs for your
// Application Load Balancer", step 2: attach a policy to your S3 bucket). The bucket takes SSE-S3 encryption only.
namespace WebStack.Core.Monitoring;

/// <param name="Account">Elastic Load Balancing's account in the region, or null where the service principal writes.</param>
public sealed record AlbLogWriter(string? Account)
{
    public const string ServicePrincipal = "logdelivery.elasticloadbalancing.amazonaws.com";

    public bool IsServicePrincipal => Account is null;
}

public static class AlbLogDelivery
{
    /// <summary>The key prefix of the access logs in the bucket; AWS adds AWSLogs/&lt;account&gt;/elasticloadbalancing/...</summary>
    public const string Prefix = "alb";

    // The regions available before August 2022 and Elastic Load Balancing's account in each, as AWS lists them.
    private static readonly Dictionary<string, string> Accounts = new(StringComparer.Ordinal)
    {
        ["us-east-1"] = "127311923021",
        ["us-east-2"] = "033677994240",
        ["us-west-1"] = "027434742980",
        ["us-west-2"] = "797873946194",
        ["af-south-1"] = "098369216593",
        ["ap-east-1"] = "754344448648",
        ["ap-southeast-3"] = "589379963580",
        ["ap-south-1"] = "718504428378",
        ["ap-northeast-3"] = "383597477331",
        ["ap-northeast-2"] = "600734575887",
        ["ap-southeast-1"] = "114774131450",
        ["ap-southeast-2"] = "783225319266",
        ["ap-northeast-1"] = "582318560864",
        ["ca-central-1"] = "985666609251",
        ["eu-central-1"] = "054676820928",
        ["eu-west-1"] = "156460612806",
        ["eu-west-2"] = "652711504416",
        ["eu-south-1"] = "635631232127",
        ["eu-west-3"] = "009996457667",
        ["eu-north-1"] = "897822967062",
        ["me-south-1"] = "076674570225",
        ["sa-east-1"] = "507241528517",
        ["us-gov-west-1"] = "048591011584",
        ["us-gov-east-1"] = "190560391635",
        ["cn-north-1"] = "638102146993",
        ["cn-northwest-1"] = "037604701340",
    };

    public static AlbLogWriter WriterIn(string region) => new(Accounts.GetValueOrDefault(region));

    /// <summary>Where the load balancer writes in the bucket: the prefix, then AWSLogs/&lt;the stack's account&gt;/.</summary>
    public static string ObjectKeys(string account) => $"{Prefix}/AWSLogs/{account}/*";
}
