// What a stack keeps of its logs and what the cost estimate assumes about their volume: the servers' logs in
// CloudWatch Logs and the load balancer's access logs in S3.
namespace WebStack.Core.Settings;

/// <param name="LogRetentionDays">Days CloudWatch Logs keeps the servers' logs and S3 the load balancer's access logs.</param>
/// <param name="ServerLogGb">Cost estimate: GB a month the servers send to CloudWatch Logs (nginx's and the app's logs).</param>
/// <param name="AlbLogGb">Cost estimate: GB a month of load balancer access logs written to S3 (compressed).</param>
public sealed record MonitoringSettings(int LogRetentionDays, decimal ServerLogGb, decimal AlbLogGb);
