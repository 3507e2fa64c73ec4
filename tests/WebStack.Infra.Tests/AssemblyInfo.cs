// Pulumi's mock engine keeps the running deployment in process-wide state, and the program reads its configuration
// from environment variables: the stack runs must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
