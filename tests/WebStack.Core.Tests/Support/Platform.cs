// The tests drive Linux programs (nginx, systemd-analyze, bash, tar) and Unix file modes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
