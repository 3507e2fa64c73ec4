// What happens to a stack's data when things are deleted or changed: dev stacks go away in one destroy, prod keeps
// what it can through mistakes. The Pulumi program applies these; they are decided (and tested) here.
using WebStack.Core.Settings;

namespace WebStack.Core;

/// <param name="EmptyBucketsOnDestroy">Delete the packages and the access logs with their buckets (S3's force destroy).</param>
/// <param name="SecretRecoveryWindowDays">Days a deleted database secret can be restored; 0 deletes it at once.</param>
/// <param name="FlowLogRetentionDays">Days CloudWatch keeps VPC flow logs (a value CloudWatch accepts).</param>
/// <param name="ApplyDatabaseChangesImmediately">Modify the database now rather than in its maintenance window.</param>
public sealed record StackLifecycle(
    bool EmptyBucketsOnDestroy,
    int SecretRecoveryWindowDays,
    int FlowLogRetentionDays,
    bool ApplyDatabaseChangesImmediately)
{
    public static StackLifecycle For(StackSettings settings) => settings.Profile == Profile.Prod
        ? new(settings.EmptyBucketsOnDestroy, SecretRecoveryWindowDays: 30, FlowLogRetentionDays: 90, ApplyDatabaseChangesImmediately: false)
        : new(settings.EmptyBucketsOnDestroy, SecretRecoveryWindowDays: 0, FlowLogRetentionDays: 14, ApplyDatabaseChangesImmediately: true);
}
