// The rehearsals drive Linux programs (nginx, PostgreSQL, network namespaces, nftables); `plan` runs anywhere.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
