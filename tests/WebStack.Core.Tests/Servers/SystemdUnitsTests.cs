// The systemd units: checked by systemd-analyze where this machine can run it, and read back line by line.
using WebStack.Core.Apps;
using WebStack.Core.Network;
using WebStack.Core.Servers;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Servers;

public class SystemdUnitsTests
{
    private static readonly AppSite Default = TestApps.Site("default", null, 5001, 5002);
    private static readonly AppSite Blog = TestApps.Site("blog-eu", "blog.example.eu", 5003);

    /// <summary>A layout whose sites' releases really hold an executable, as systemd-analyze checks ExecStart.</summary>
    private static ServerLayout VerifiableLayout(TempDirectory temp, string? user = null)
    {
        var layout = Layouts.Local(temp.Path, 8080) with { AppUser = user };
        foreach (var site in new[] { Default, Blog })
        {
            TestApps.InstallExecutable(layout, site, TestApps.SampleLaunch);
        }

        File.WriteAllText(layout.EnvironmentFile, "PGHOST=\"localhost\"\n");
        return layout;
    }

    /// <summary>
    /// systemd-analyze verify on <paramref name="unitName"/> in <paramref name="directory"/>; problems with the unit itself
    /// come back as lines naming it, even when the exit code is 0 (unknown settings are only warned about).
    /// </summary>
    private static (ToolResult Result, IReadOnlyList<string> Problems) Verify(string tool, string directory, string unitName)
    {
        var result = Tools.Run(tool, ["verify", Path.Combine(directory, unitName)], workingDirectory: directory);
        var unitPrefix = unitName.Split('@', '.')[0];
        var problems = (result.Stdout + "\n" + result.Stderr).Split('\n')
            .Where(line => line.Contains(directory, StringComparison.Ordinal) || line.Contains(unitPrefix, StringComparison.Ordinal))
            .ToList();
        return (result, problems);
    }

    /// <summary>Skips when systemd-analyze can't tell a broken unit from a good one here (then its silence proves nothing).</summary>
    private static string RequireWorkingVerify()
    {
        var tool = Tools.Require("systemd-analyze", "the rendered systemd units");
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("canary@.service"), "[Service]\nType=no-such-type\nExecStart=relative/path\nNoSuchSetting=1\n");
        var (result, problems) = Verify(tool, temp.Path, "canary@1.service");
        Skip.If(result.ExitCode == 0 && problems.Count == 0,
            $"systemd-analyze verify reports nothing about a broken unit in this container, so it can't check ours:\n{result}");
        return tool;
    }

    [SkippableTheory]
    [InlineData("default", null)]
    [InlineData("blog-eu", null)]
    [InlineData("default", "webapp")]
    public void Systemd_accepts_the_app_template_for_each_instance(string siteName, string? user)
    {
        var tool = RequireWorkingVerify();
        using var temp = new TempDirectory();
        var layout = VerifiableLayout(temp, user: user);
        var site = siteName == "default" ? Default : Blog;
        File.WriteAllText(temp.File(site.UnitTemplate), SystemdUnits.AppTemplate(site, layout, TestApps.SampleLaunch));

        foreach (var port in site.Ports)
        {
            var (result, problems) = Verify(tool, temp.Path, site.UnitInstance(port));
            Assert.True(result.ExitCode == 0 && problems.Count == 0,
                $"systemd-analyze verify {site.UnitInstance(port)}:\n{result}\nunit:\n{SystemdUnits.AppTemplate(site, layout, TestApps.SampleLaunch)}");
        }
    }

    [SkippableFact]
    public void Systemd_refuses_a_template_whose_executable_is_missing_so_the_checks_above_mean_something()
    {
        var tool = RequireWorkingVerify();
        using var temp = new TempDirectory();
        var layout = VerifiableLayout(temp);
        File.Delete(layout.ProgramPath(Default, TestApps.SampleLaunch.Start));
        File.WriteAllText(temp.File(Default.UnitTemplate), SystemdUnits.AppTemplate(Default, layout, TestApps.SampleLaunch));

        var (result, problems) = Verify(tool, temp.Path, Default.UnitInstance(5001));

        Assert.True(result.ExitCode != 0 || problems.Count > 0, result.ToString());
    }

    [SkippableFact]
    public void Systemd_accepts_the_nginx_drop_in_on_an_nginx_unit()
    {
        var tool = RequireWorkingVerify();
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("nginx.service"),
            "[Unit]\nDescription=nginx\n\n[Service]\nType=forking\nExecStart=/bin/true\n\n[Install]\nWantedBy=multi-user.target\n");
        Directory.CreateDirectory(temp.File("nginx.service.d"));
        File.WriteAllText(temp.File("nginx.service.d/webstack.conf"), SystemdUnits.NginxDropIn());

        var (result, problems) = Verify(tool, temp.Path, "nginx.service");

        Assert.True(result.ExitCode == 0 && problems.Count == 0, result.ToString());
    }

    [SkippableFact]
    public void Systemd_accepts_the_unit_that_copies_the_app_journal_to_a_file()
    {
        var tool = RequireWorkingVerify();
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File(AppLogForwarder.UnitName), AppLogForwarder.Unit());

        var (result, problems) = Verify(tool, temp.Path, AppLogForwarder.UnitName);

        Assert.True(result.ExitCode == 0 && problems.Count == 0, $"{result}\nunit:\n{AppLogForwarder.Unit()}");
        var service = Sections(AppLogForwarder.Unit())["Service"];
        Assert.Contains("ExecStart=/usr/bin/journalctl --follow --boot --lines=all --output=cat --identifier=webstack-app", service);
        Assert.Contains($"StandardOutput=append:{AppLogForwarder.LogPath}", service);
        Assert.Contains("StartLimitIntervalSec=0", Sections(AppLogForwarder.Unit())["Unit"]);
    }

    [SkippableFact]
    public void The_app_log_copy_starts_on_a_new_server_where_no_app_process_has_logged_yet()
    {
        // journalctl with the unit's own filter, on this machine's journal, where no app unit has ever logged: it must
        // find nothing and succeed. A unit glob (--unit=webstack-*@*.service) fails here with "Failed to add filter for
        // units: No data available", as it would on every new server, where this unit starts before the app's.
        var journalctl = Tools.Require("journalctl", "the app log copy's journal filter");

        var result = Tools.Run(journalctl, ["--no-pager", .. AppLogForwarder.JournalArguments]);

        Assert.True(result.ExitCode == 0 && result.Stderr.Length == 0, result.ToString());
    }

    [Fact]
    public void Every_app_unit_logs_under_the_identifier_the_app_log_copy_follows()
    {
        foreach (var site in new[] { Default, Blog })
        {
            var service = Sections(SystemdUnits.AppTemplate(site, Layouts.Local("/srv/webstack", 8080), TestApps.SampleLaunch))["Service"];
            Assert.Contains($"SyslogIdentifier={AppLogForwarder.AppIdentifier}", service);
        }

        Assert.Contains($"--identifier={AppLogForwarder.AppIdentifier}", AppLogForwarder.JournalArguments);
    }

    [Fact]
    public void The_log_copies_are_truncated_in_place_so_their_units_are_never_restarted()
    {
        var rotation = LogCopy.Logrotate();

        Assert.Contains($"{AppLogForwarder.LogPath} {NginxErrorLogCopy.LogPath} {{", rotation, StringComparison.Ordinal);
        Assert.Contains("copytruncate", rotation, StringComparison.Ordinal);
        Assert.DoesNotContain("systemctl restart", rotation, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Systemd_accepts_the_unit_that_copies_nginxs_error_log_without_queries_before_nginx_starts()
    {
        var tool = RequireWorkingVerify();
        using var temp = new TempDirectory();
        // systemd-analyze checks that ExecStart is an executable: the follower, where this machine has it.
        var script = temp.File("nginx-error-log-copy");
        File.WriteAllText(script, NginxErrorLogCopy.Script("/var/log/nginx/error.log"));
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var unit = NginxErrorLogCopy.Unit().Replace(NginxErrorLogCopy.ScriptPath, script, StringComparison.Ordinal);
        File.WriteAllText(temp.File(NginxErrorLogCopy.UnitName), unit);

        var (result, problems) = Verify(tool, temp.Path, NginxErrorLogCopy.UnitName);

        Assert.True(result.ExitCode == 0 && problems.Count == 0, $"{result}\nunit:\n{unit}");
        Assert.Contains("Before=nginx.service", Sections(unit)["Unit"]);
        Assert.Contains($"StandardOutput=append:{NginxErrorLogCopy.LogPath}", Sections(unit)["Service"]);
    }

    [Fact]
    public void The_app_units_keep_every_line_journald_would_otherwise_rate_limit()
    {
        Assert.Contains("LogRateLimitIntervalSec=0", Sections(SystemdUnits.AppTemplate(Default, Layouts.OnPaper("/srv/webstack", 8080), TestApps.SampleLaunch))["Service"]);
    }

    private static Dictionary<string, List<string>> Sections(string unit)
    {
        var sections = new Dictionary<string, List<string>>();
        List<string>? current = null;
        foreach (var line in unit.Split('\n').Where(line => line.Length > 0 && !line.StartsWith('#')))
        {
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                current = sections[line[1..^1]] = [];
            }
            else
            {
                Assert.NotNull(current);
                current.Add(line);
            }
        }

        return sections;
    }

    private static IEnumerable<string> Values(List<string> section, string key) =>
        section.Where(line => line.StartsWith(key + "=", StringComparison.Ordinal)).Select(line => line[(key.Length + 1)..]);

    [Fact]
    public void Each_instance_listens_on_loopback_at_the_port_in_its_name()
    {
        var service = Sections(SystemdUnits.AppTemplate(Default, ServerLayout.AmazonLinux(SubnetPlan.Create(System.Net.IPNetwork.Parse("10.0.0.0/16"), 2)), TestApps.SampleLaunch))["Service"];

        Assert.Equal(
            [
                "\"PORT=%i\"",
                "\"ASPNETCORE_URLS=http://127.0.0.1:%i\"",
                "\"SERVER_PORT=%i\"",
                "\"SERVER_ADDRESS=127.0.0.1\"",
                "\"WEBSTACK_SITE=default\"",
                $"\"WEBSTACK_RELEASE={TestApps.Release}\"",
                "\"WEBSTACK_SHUTDOWN_SECONDS=30\"",
                "\"STATE_DIRECTORY=/var/lib/webstack/default\"",
                "\"HOME=/var/lib/webstack/default\"",
                "\"DOTNET_gcServer=0\"",
                "\"DOTNET_NOLOGO=1\"",
            ],
            Values(service, "Environment"));
        Assert.Equal(["webstack/default"], Values(service, "StateDirectory"));
    }

    [Fact]
    public void On_ec2_the_app_runs_as_its_own_user_from_the_current_release_with_the_database_settings_file()
    {
        var layout = ServerLayout.AmazonLinux(SubnetPlan.Create(System.Net.IPNetwork.Parse("10.0.0.0/16"), 2));

        var service = Sections(SystemdUnits.AppTemplate(Default, layout, TestApps.SampleLaunch))["Service"];

        Assert.Equal(["webapp"], Values(service, "User"));
        Assert.Equal(["webapp"], Values(service, "Group"));
        Assert.Equal(["/etc/webstack/app.env"], Values(service, "EnvironmentFile"));
        Assert.Equal(["/opt/webstack/sites/default/current"], Values(service, "WorkingDirectory"));
        Assert.Equal(["\"/opt/webstack/sites/default/current/WebStack.App\""], Values(service, "ExecStart"));
    }

    [Fact]
    public void Without_an_app_user_the_unit_runs_as_whoever_starts_it()
    {
        var service = Sections(SystemdUnits.AppTemplate(Default, Layouts.OnPaper(), TestApps.SampleLaunch))["Service"];

        Assert.Empty(Values(service, "User"));
        Assert.Empty(Values(service, "Group"));
    }

    [Fact]
    public void A_crashed_process_restarts_and_is_stopped_gently_and_the_unit_starts_at_boot()
    {
        var sections = Sections(SystemdUnits.AppTemplate(Blog, Layouts.OnPaper(), TestApps.SampleLaunch));

        Assert.Equal(["on-failure"], Values(sections["Service"], "Restart"));
        Assert.Equal(["SIGTERM"], Values(sections["Service"], "KillSignal"));
        Assert.Equal(["35"], Values(sections["Service"], "TimeoutStopSec"));
        Assert.Equal(["60"], Values(sections["Unit"], "StartLimitIntervalSec"));
        Assert.Equal(["10"], Values(sections["Unit"], "StartLimitBurst"));
        Assert.Equal(["multi-user.target"], Values(sections["Install"], "WantedBy"));
        Assert.Equal(["webstack app blog-eu, process on port %i"], Values(sections["Unit"], "Description"));
        Assert.Equal(["\"WEBSTACK_SITE=blog-eu\""], Values(sections["Service"], "Environment").Where(value => value.Contains("SITE", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_app_is_sandboxed()
    {
        var service = Sections(SystemdUnits.AppTemplate(Default, Layouts.OnPaper(), TestApps.SampleLaunch))["Service"];

        foreach (var setting in new[] { "NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices", "ProtectKernelTunables", "ProtectKernelModules", "ProtectControlGroups", "LockPersonality" })
        {
            Assert.Equal(["yes"], Values(service, setting));
        }

        Assert.Equal(["strict"], Values(service, "ProtectSystem"));
        Assert.Equal(["AF_INET AF_INET6 AF_UNIX"], Values(service, "RestrictAddressFamilies"));
    }

    [Theory]
    [InlineData("/srv/app dir")]
    [InlineData("/srv/100%")]
    [InlineData("/srv/\"app\"")]
    [InlineData("/srv/release$HOME")]
    [InlineData("relative/app")]
    public void A_sites_directory_systemd_cant_take_as_one_path_is_refused(string directory)
    {
        var layout = Layouts.OnPaper() with { SitesDirectory = directory };

        var exception = Assert.Throws<ArgumentException>(() => SystemdUnits.AppTemplate(Default, layout, TestApps.SampleLaunch));
        Assert.Contains("must be an absolute path without spaces, quotes, backslashes, $ or %", exception.Message);
    }

    [Fact]
    public void The_nginx_drop_in_restarts_nginx_after_a_crash_and_waits_for_the_network()
    {
        var sections = Sections(SystemdUnits.NginxDropIn());

        Assert.Equal(["on-failure"], Values(sections["Service"], "Restart"));
        Assert.Equal(["2"], Values(sections["Service"], "RestartSec"));
        Assert.Equal(["network-online.target"], Values(sections["Unit"], "After"));
        Assert.Equal(["network-online.target"], Values(sections["Unit"], "Wants"));
        Assert.Equal("/etc/systemd/system/nginx.service.d/webstack.conf", SystemdUnits.NginxDropInPath);
    }

    [Fact]
    public void The_supervision_read_back_from_a_rendered_unit_is_the_one_it_was_rendered_from()
    {
        var supervision = new ProcessSupervision(TimeSpan.FromSeconds(3), 7, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(17));

        Assert.Equal(supervision, UnitSupervision.Read(SystemdUnits.AppTemplate(Blog, Layouts.OnPaper(), TestApps.SampleLaunch, supervision)));
        Assert.Equal(ProcessSupervision.Default, UnitSupervision.Read(SystemdUnits.AppTemplate(Default, Layouts.OnPaper(), TestApps.SampleLaunch)));
    }

    [Fact]
    public void A_unit_without_a_restart_policy_the_rehearsals_can_follow_is_refused_by_name()
    {
        var unit = SystemdUnits.AppTemplate(Default, Layouts.OnPaper(), TestApps.SampleLaunch);

        var noDelay = Assert.Throws<FormatException>(() => UnitSupervision.Read(unit.Replace("RestartSec=2\n", "", StringComparison.Ordinal)));
        var always = Assert.Throws<FormatException>(() => UnitSupervision.Read(unit.Replace("Restart=on-failure", "Restart=always", StringComparison.Ordinal)));

        Assert.Contains("RestartSec", noDelay.Message);
        Assert.Contains("Restart=always", always.Message);
    }

    [Theory]
    [InlineData(0, null, false)]
    [InlineData(1, null, true)]
    [InlineData(2, null, true)]
    [InlineData(137, 9, true)]
    [InlineData(134, 6, true)]
    [InlineData(143, 15, false)]
    [InlineData(130, 2, false)]
    [InlineData(129, 1, false)]
    [InlineData(141, 13, false)]
    public void Like_systemd_on_failure_a_crash_restarts_and_an_orderly_stop_does_not(int status, int? signal, bool restarts)
    {
        var end = ProcessEnd.FromStatus(status);

        Assert.Equal(signal, end.Signal);
        Assert.Equal(restarts, ProcessSupervision.RestartsAfter(end));
    }

    [Fact]
    public void Like_systemd_the_start_limit_counts_every_start_within_the_interval()
    {
        var policy = ProcessSupervision.Default;
        var now = DateTimeOffset.UnixEpoch.AddHours(1);
        var recent = Enumerable.Range(0, policy.StartLimitBurst).Select(i => now.AddSeconds(-i * 5)).ToList();

        Assert.False(policy.AllowsStart(recent, now));
        Assert.True(policy.AllowsStart(recent.Skip(1), now));
        // Starts older than the interval no longer count.
        Assert.True(policy.AllowsStart(recent.Select(start => start - policy.StartLimitInterval), now));
    }

    [SkippableFact]
    public void Systemd_accepts_the_release_unit_and_the_app_units_wait_for_it()
    {
        var tool = RequireWorkingVerify();
        using var temp = new TempDirectory();
        var layout = VerifiableLayout(temp, user: "webapp");
        var script = temp.Write("webstack-release", ReleasePhase.Script());
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        var unit = SystemdUnits.ReleaseUnit(Default, layout, TestApps.SampleLaunch).Replace(ServerLayout.ReleaseScriptPath, script, StringComparison.Ordinal);
        File.WriteAllText(temp.File(Default.ReleaseUnit!), unit);

        var (result, problems) = Verify(tool, temp.Path, Default.ReleaseUnit!);

        Assert.True(result.ExitCode == 0 && problems.Count == 0, $"{result}\nunit:\n{unit}");
        var service = Sections(unit)["Service"];
        Assert.Equal(["oneshot"], Values(service, "Type"));
        Assert.Equal(["yes"], Values(service, "RemainAfterExit"));
        Assert.Equal(["webapp"], Values(service, "User"));
        Assert.Equal([$"{ReleasePhase.UnitTimeoutSeconds(AppSettings.DefaultReleaseTimeoutSeconds)}"], Values(service, "TimeoutStartSec"));
        var app = Sections(SystemdUnits.AppTemplate(Default, layout, TestApps.SampleLaunch))["Unit"];
        Assert.Contains($"After={Default.ReleaseUnit}", app);
        Assert.Contains($"Wants={Default.ReleaseUnit}", app);
    }

    [Fact]
    public void The_release_unit_runs_the_release_script_with_the_apps_environment_but_no_port()
    {
        var layout = ServerLayout.AmazonLinux(SubnetPlan.Create(System.Net.IPNetwork.Parse("10.0.0.0/16"), 2));

        var service = Sections(SystemdUnits.ReleaseUnit(Default, layout, TestApps.SampleLaunch))["Service"];

        Assert.Equal([$"\"{ServerLayout.ReleaseScriptPath}\" \"default\" \"{TestApps.Release}\" \"300\" \"--\" \"/opt/webstack/sites/default/current/WebStack.App\" \"--migrate\""],
            Values(service, "ExecStart"));
        Assert.Equal(["/etc/webstack/app.env"], Values(service, "EnvironmentFile"));
        Assert.Equal(["/opt/webstack/sites/default/current"], Values(service, "WorkingDirectory"));
        Assert.Contains($"\"WEBSTACK_RELEASE={TestApps.Release}\"", Values(service, "Environment"));
        Assert.DoesNotContain(Values(service, "Environment"), value => value.StartsWith("\"PORT=", StringComparison.Ordinal));
        Assert.Equal(["strict"], Values(service, "ProtectSystem"));
    }

    [Fact]
    public void An_app_with_secrets_reads_its_own_root_only_file_and_its_plain_variables_are_quoted_for_systemd()
    {
        var app = TestApps.Sample with
        {
            Environment = new Dictionary<string, string> { ["FLAGS"] = "100% \"sure\" \\ $HOME" },
            Secrets = new Dictionary<string, string> { ["STRIPE_KEY"] = "stripeKey" },
        };
        var site = new AppSite("default", null, [5001], app);
        var layout = ServerLayout.AmazonLinux(SubnetPlan.Create(System.Net.IPNetwork.Parse("10.0.0.0/16"), 2));

        var service = Sections(SystemdUnits.AppTemplate(site, layout, TestApps.SampleLaunch))["Service"];

        Assert.Equal(["/etc/webstack/app.env", "/etc/webstack/default.env"], Values(service, "EnvironmentFile"));
        Assert.Contains("\"FLAGS=100%% \\\"sure\\\" \\\\ $HOME\"", Values(service, "Environment"));
        Assert.DoesNotContain(Values(service, "Environment"), value => value.Contains("STRIPE_KEY", StringComparison.Ordinal));
    }

    [Fact]
    public void A_jar_runs_with_the_corretto_the_user_data_links_and_a_sigterm_exit_counts_as_clean()
    {
        var jar = TestApps.Sample with { Source = new JarSource("shop.jar", 25), ReleaseCommand = null };
        var site = new AppSite("default", null, [5001], jar);
        var layout = ServerLayout.AmazonLinux(SubnetPlan.Create(System.Net.IPNetwork.Parse("10.0.0.0/16"), 2));

        var service = Sections(SystemdUnits.AppTemplate(site, layout, new AppLaunch("r", AppCommand.Of("java", "-XX:MaxRAMPercentage=35", "-jar", "shop.jar"))))["Service"];

        Assert.Equal(["\"/opt/webstack/java/25/bin/java\" \"-XX:MaxRAMPercentage=35\" \"-jar\" \"shop.jar\""], Values(service, "ExecStart"));
        Assert.Equal(["143"], Values(service, "SuccessExitStatus"));
        Assert.False(ProcessSupervision.RestartsAfter(ProcessEnd.FromStatus(143)));
    }
}
