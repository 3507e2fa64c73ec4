// The rehearsals under test drive Linux programs.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
