// The topology tests make network namespaces and run servers: one test at a time, on Linux (as the webstack command's
// rehearsals do).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
