// The user data of a server: the bash script cloud-init runs at first boot on Amazon Linux 2023. It installs nginx
// (and Corretto for a jar, a PostgreSQL client for a release phase), fetches each site's package and the region's RDS
// root certificates from S3 (checking each one's hash), the database credentials and each site's secrets from Secrets
// Manager into root-only files (the database in every form the contract promises, verify-full against those roots),
// writes the rendered nginx config and systemd units, starts the CloudWatch agent, runs each site's release phase,
// then starts the processes one at a time and nginx, all enabled at boot.
// Running it again converges to the same state (a rolling restart of the processes, one at a time).
using System.IO.Compression;
using System.Text;
using WebStack.Core.Apps;

namespace WebStack.Core.Servers;

public static class UserDataScript
{
    /// <summary>EC2 refuses user data larger than this (before base64). The script is sent gzip-compressed, which
    /// cloud-init unpacks, so the limit applies to the compressed bytes.</summary>
    public const int MaxBytes = 16 * 1024;

    public const string LogPath = "/var/log/webstack-bootstrap.log";

    /// <summary>The PostgreSQL client the release phase's script talks to the database with (AL2023 has 15 to 18).</summary>
    public const string PostgresClientPackage = "postgresql17";

    // Ends each embedded file. No rendered file can contain it: the check below refuses one that does.
    private const string HereDocEnd = "WEBSTACK_END_OF_FILE";

    public static string Render(ServerPlan plan, ServerLayout layout, BootstrapInputs inputs)
    {
        var problems = inputs.Problems().ToList();
        problems.AddRange(plan.Sites.Where(site => !inputs.Sites.ContainsKey(site.Name)).Select(site => $"site {site.Name} has no package"));
        if (problems.Count > 0)
        {
            throw new ArgumentException("the server bootstrap can't be rendered: " + string.Join("; ", problems), nameof(inputs));
        }

        if (layout.AppUser is null)
        {
            throw new ArgumentException("an EC2 layout runs the app as its own user", nameof(layout));
        }

        var script = new Script();
        WritePreamble(script, plan);
        WriteVariables(script, layout, inputs);
        WriteInstallPrograms(script, plan);
        WriteInstallPackages(script, plan, layout, inputs);
        WriteInstallRoots(script);
        WriteDatabaseEnvironment(script);
        WriteSecrets(script, plan, layout, inputs);
        WriteConfiguration(script, plan, layout, inputs);
        WriteStartLogs(script);
        WriteReleasePhases(script, plan);
        WriteStartProcesses(script, plan);
        WriteStartNginx(script, layout);

        var text = script.ToString();
        var size = Compress(text).Length;
        if (size > MaxBytes)
        {
            throw new UserDataTooLargeException(size);
        }

        return text;
    }

    private static void WritePreamble(Script script, ServerPlan plan)
    {
        script.Line("#!/bin/bash");
        script.Line($"# webstack server bootstrap for the stack {plan.Stack}: nginx in front of {plan.ProcessCount} app processes.");
        script.Line("# Rendered from the stack's settings; safe to run again (it converges, restarting one process at a time).");
        script.Line("set -euo pipefail");
        script.Line("umask 022");
        script.Line($"exec > >(tee -a {ConfigText.Bash(LogPath)}) 2>&1");
        script.Line("step() { printf '%s webstack: %s\\n' \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" \"$*\"; }");
        script.Line("trap 'step \"failed at line $LINENO (exit $?)\"' ERR");
        script.Line("# AWS calls can fail while the instance profile's credentials or the NAT route are still coming up.");
        script.Line("retry() { local try=1; until \"$@\"; do if [ \"$try\" -ge 6 ]; then return 1; fi; sleep $((try * 5)); try=$((try + 1)); done; }");
        script.Line();
    }

    private static void WriteVariables(Script script, ServerLayout layout, BootstrapInputs inputs)
    {
        script.Line($"region={ConfigText.Bash(inputs.Region)}");
        script.Line($"bucket={ConfigText.Bash(inputs.PackageBucket)}");
        script.Line($"db_secret_arn={ConfigText.Bash(inputs.DatabaseSecretArn)}");
        script.Line($"ca_url={ConfigText.Bash($"s3://{inputs.PackageBucket}/{inputs.CaBundleKey}")}");
        script.Line($"ca_sha256={ConfigText.Bash(inputs.CaBundleSha256)}");
        script.Line($"ca_file={ConfigText.Bash(ServerLayout.DatabaseCaFile)}");
        script.Line($"releases={ConfigText.Bash(ServerLayout.ReleasesDirectory)}");
        script.Line($"app_user={ConfigText.Bash(layout.AppUser!)}");
        script.Line($"env_file={ConfigText.Bash(layout.EnvironmentFile)}");
        script.Line();
    }

    private static void WriteInstallPrograms(Script script, ServerPlan plan)
    {
        var packages = new List<string> { "nginx", "jq", "tar", "gzip", "awscli-2", "amazon-cloudwatch-agent", "logrotate" };
        if (plan.HasReleasePhase)
        {
            packages.Add(PostgresClientPackage);
        }

        packages.AddRange(plan.JavaVersions.Select(CorrettoPackage));
        script.Line("step 'installing nginx, the CloudWatch agent and tools" + (plan.JavaVersions.Count > 0 ? ", Amazon Corretto" : "") + (plan.HasReleasePhase ? ", the PostgreSQL client" : "") + "'");
        script.Line($"retry dnf install -y -q {string.Join(' ', packages)}");
        foreach (var version in plan.JavaVersions)
        {
            // A stable path per version whatever alternatives picks as /usr/bin/java: the package's own JAVA_HOME.
            script.Line($"java_bin=$(rpm -ql {CorrettoPackage(version)} | grep -m1 '/bin/java$')");
            script.Line($"mkdir -p {ConfigText.Bash(ServerLayout.JavaRoot)}");
            script.Line($"ln -sfn \"$(dirname \"$(dirname \"$(readlink -f \"$java_bin\")\")\")\" {ConfigText.Bash($"{ServerLayout.JavaRoot}/{version}")}");
        }

        script.Line("id -u \"$app_user\" >/dev/null 2>&1 || useradd --system --no-create-home --shell /sbin/nologin \"$app_user\"");
        script.Line("if command -v getenforce >/dev/null && [ \"$(getenforce)\" = Enforcing ]; then");
        script.Line("    # Lets nginx connect to the app processes on their loopback ports.");
        script.Line("    setsebool -P httpd_can_network_connect 1");
        script.Line("fi");
        script.Line();
    }

    /// <summary>Amazon Corretto's headless runtime in the Amazon Linux 2023 repositories.</summary>
    public static string CorrettoPackage(int version) => $"java-{version}-amazon-corretto-headless";

    private static void WriteInstallPackages(Script script, ServerPlan plan, ServerLayout layout, BootstrapInputs inputs)
    {
        script.Line("# Each package once, by its hash; every site's current release is a link to one, switched atomically.");
        script.Line("install_package() {");
        script.Line("    local sha256=$1 key=$2 release=\"$releases/$1\" package");
        script.Line("    if [ -d \"$release\" ]; then return 0; fi");
        script.Line("    step \"installing the app package $sha256\"");
        script.Line("    package=$(mktemp)");
        script.Line("    retry aws s3 cp --only-show-errors --region \"$region\" \"s3://$bucket/$key\" \"$package\"");
        script.Line("    echo \"$sha256  $package\" | sha256sum --check --quiet -");
        script.Line("    rm -rf \"$release.partial\"");
        script.Line("    mkdir -p \"$release.partial\"");
        script.Line("    tar -xzf \"$package\" -C \"$release.partial\" --no-same-owner");
        script.Line("    rm -f \"$package\"");
        script.Line("    mv \"$release.partial\" \"$release\"");
        script.Line("}");
        foreach (var package in plan.Sites.Select(site => inputs.Sites[site.Name]).DistinctBy(package => package.PackageSha256))
        {
            script.Line($"install_package {ConfigText.Bash(package.PackageSha256)} {ConfigText.Bash(package.PackageKey)}");
        }

        foreach (var site in plan.Sites)
        {
            var current = layout.SiteDirectory(site.Name);
            script.Line($"mkdir -p {ConfigText.Bash(current[..current.LastIndexOf('/')])}");
            script.Line($"ln -sfn \"$releases/\"{ConfigText.Bash(inputs.Sites[site.Name].PackageSha256)} {ConfigText.Bash(current + ".next")}");
            script.Line($"mv -T {ConfigText.Bash(current + ".next")} {ConfigText.Bash(current)}");
        }

        script.Line();
    }

    private static void WriteInstallRoots(Script script)
    {
        script.Line("step 'installing the RDS root certificates the database is verified against'");
        script.Line("if ! echo \"$ca_sha256  $ca_file\" | sha256sum --check --quiet - >/dev/null 2>&1; then");
        script.Line("    ca=$(mktemp)");
        script.Line("    retry aws s3 cp --only-show-errors --region \"$region\" \"$ca_url\" \"$ca\"");
        script.Line("    echo \"$ca_sha256  $ca\" | sha256sum --check --quiet -");
        script.Line("    mkdir -p \"$(dirname \"$ca_file\")\"");
        script.Line("    install -m 0644 \"$ca\" \"$ca_file.next\"");
        script.Line("    rm -f \"$ca\"");
        script.Line("    mv \"$ca_file.next\" \"$ca_file\"");
        script.Line("fi");
        script.Line();
    }

    private static void WriteDatabaseEnvironment(Script script)
    {
        script.Line("step 'writing the database settings (every form of the app contract)'");
        script.Line("secret=$(retry aws secretsmanager get-secret-value --region \"$region\" --secret-id \"$db_secret_arn\" --query SecretString --output text)");
        script.Line($"env_lines=$(printf '%s' \"$secret\" | jq -r {ConfigText.Bash(DatabaseEnvironment.JqFilter(ServerLayout.DatabaseCaFile))})");
        script.Line("instance_token=$(curl -fsS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' http://169.254.169.254/latest/api/token)");
        script.Line("instance_id=$(curl -fsS -H \"X-aws-ec2-metadata-token: $instance_token\" http://169.254.169.254/latest/meta-data/instance-id)");
        script.Line("mkdir -p \"$(dirname \"$env_file\")\"");
        script.Line("(");
        script.Line("    umask 077");
        script.Line($"    printf '%s\\n%s\\n' \"$env_lines\" \"{AppContract.ServerId}=\\\"$instance_id\\\"\" > \"$env_file.next\"");
        script.Line(")");
        script.Line("mv \"$env_file.next\" \"$env_file\"");
        script.Line();
    }

    private static void WriteSecrets(Script script, ServerPlan plan, ServerLayout layout, BootstrapInputs inputs)
    {
        if (plan.Sites.Any(site => site.App.Secrets.Count > 0))
        {
            script.Line("# Values quoted for systemd's EnvironmentFile= (see EnvironmentFile): \\ \" $ ` escaped inside double quotes.");
            script.Line($"q_filter={ConfigText.Bash(EnvironmentFile.JqQuoteDefinition)}");
        }

        foreach (var site in plan.Sites.Where(site => site.App.Secrets.Count > 0))
        {
            var arn = inputs.Sites[site.Name].SecretsArn
                ?? throw new ArgumentException($"site {site.Name} has secrets but no secret to read them from", nameof(inputs));
            // One line per secret the settings name; a secret missing from the JSON stops the boot, naming it.
            var filter = string.Join(", ", site.App.Secrets.Keys.Order(StringComparer.Ordinal)
                .Select(name => $"\"{name}=\" + (.{name} // error(\"the secret has no {name}\") | q)"));
            script.Line($"step 'writing the secrets of {site.Name}'");
            script.Line($"secret=$(retry aws secretsmanager get-secret-value --region \"$region\" --secret-id {ConfigText.Bash(arn)} --query SecretString --output text)");
            script.Line($"secret_lines=$(printf '%s' \"$secret\" | jq -r \"$q_filter \"{ConfigText.Bash(filter)})");
            var file = ConfigText.Bash(layout.SecretsFile(site.Name));
            script.Line($"(umask 077; printf '%s\\n' \"$secret_lines\" > {file}.next)");
            script.Line($"mv {file}.next {file}");
        }

        script.Line("unset secret secret_lines env_lines");
        script.Line();
    }

    private static void WriteConfiguration(Script script, ServerPlan plan, ServerLayout layout, BootstrapInputs inputs)
    {
        script.Line("step 'writing the nginx config and the systemd units'");
        script.Line("write_file() {");
        script.Line("    mkdir -p \"$(dirname \"$1\")\"");
        script.Line("    cat > \"$1.next\"");
        script.Line("    mv \"$1.next\" \"$1\"");
        script.Line("}");
        script.File(layout.NginxConfigPath, NginxConfig.Render(plan, layout));
        script.File(SystemdUnits.NginxDropInPath, SystemdUnits.NginxDropIn(plan.Supervision));
        if (plan.HasReleasePhase)
        {
            script.File(ServerLayout.ReleaseScriptPath, ReleasePhase.Script());
            script.Line($"chmod 755 {ConfigText.Bash(ServerLayout.ReleaseScriptPath)}");
        }

        foreach (var site in plan.Sites)
        {
            var launch = inputs.Sites[site.Name].Launch;
            script.File($"{SystemdUnits.UnitDirectory}/{site.UnitTemplate}", SystemdUnits.AppTemplate(site, layout, launch, plan.Supervision));
            if (site.ReleaseUnit is { } unit)
            {
                script.File($"{SystemdUnits.UnitDirectory}/{unit}", SystemdUnits.ReleaseUnit(site, layout, launch, plan.Supervision));
            }
        }

        script.File(AppLogForwarder.UnitPath, AppLogForwarder.Unit());
        script.File(NginxErrorLogCopy.ScriptPath, NginxErrorLogCopy.Script(layout.NginxErrorLogPath));
        script.Line($"chmod 755 {ConfigText.Bash(NginxErrorLogCopy.ScriptPath)}");
        script.File(NginxErrorLogCopy.UnitPath, NginxErrorLogCopy.Unit());
        script.File(LogCopy.LogrotatePath, LogCopy.Logrotate());
        script.File(CloudWatchAgentConfig.Path, CloudWatchAgentConfig.Render(ServerLogs.For(layout), inputs.Monitoring.LogGroups, inputs.Monitoring.MetricsStack));
        script.Line("systemctl daemon-reload");
        script.Line();
    }

    private static void WriteStartLogs(Script script)
    {
        script.Line("step 'starting the log copies and the CloudWatch agent'");
        // systemd opens a unit's output file before running it, but not the directory it is in.
        script.Line($"mkdir -p {ConfigText.Bash(LogCopy.Directory)}");
        foreach (var unit in new[] { AppLogForwarder.UnitName, NginxErrorLogCopy.UnitName })
        {
            script.Line($"systemctl enable --quiet {unit}");
            script.Line($"systemctl restart {unit}");
        }

        script.Line("systemctl enable --quiet --now logrotate.timer");
        script.Line($"retry {CloudWatchAgentConfig.StartCommand}");
        script.Line();
    }

    private static void WriteReleasePhases(Script script, ServerPlan plan)
    {
        foreach (var site in plan.Sites.Where(site => site.ReleaseUnit is not null))
        {
            // Once per release for the whole fleet (ReleasePhase); a failure stops the boot before any process of the
            // release starts, so this server never turns healthy and the deploy fails.
            var unit = ConfigText.Bash(site.ReleaseUnit!);
            script.Line($"step {ConfigText.Bash($"release phase of {site.Name}: {site.App.ReleaseCommand}")}");
            script.Line($"if ! systemctl start {unit}; then");
            script.Line($"    step 'the release phase of {site.Name} failed; its processes are not started. Its last lines:'");
            script.Line($"    journalctl -u {unit} -n 40 --no-pager || true");
            script.Line("    exit 1");
            script.Line("fi");
        }

        if (plan.HasReleasePhase)
        {
            script.Line();
        }
    }

    private static void WriteStartProcesses(Script script, ServerPlan plan)
    {
        script.Line("# One process at a time, each answering its health path before the next restarts: nginx keeps serving from the others.");
        script.Line("wait_until_live() {");
        script.Line("    local unit=$1 port=$2 path=$3 limit=$4 code=000");
        script.Line("    for _ in $(seq 1 \"$limit\"); do");
        script.Line($"        code=$(curl -s -o /dev/null -w '%{{http_code}}' --max-time 2 \"http://{AppEnvironment.Loopback}:$port$path\" || true)");
        script.Line("        if [ \"$code\" = 200 ]; then return 0; fi");
        script.Line("        sleep 1");
        script.Line("    done");
        script.Line("    if [ \"$code\" = 000 ]; then");
        script.Line($"        step \"$unit never bound {AppEnvironment.Loopback}:$port within $limit s (it must listen where PORT says); its last lines:\"");
        script.Line("    else");
        script.Line("        step \"$unit bound port $port but GET $path answered $code, not 200, for $limit s; its last lines:\"");
        script.Line("    fi");
        script.Line("    journalctl -u \"$unit\" -n 40 --no-pager || true");
        script.Line("    return 1");
        script.Line("}");
        foreach (var site in plan.Sites)
        {
            var ports = string.Join(' ', site.Ports.Select(AppEnvironment.PortText));
            script.Line($"for port in {ports}; do");
            var unit = ConfigText.Bash(site.UnitPrefix) + "\"@$port.service\"";
            script.Line($"    step \"starting {site.UnitPrefix}@$port\"");
            script.Line($"    systemctl enable --quiet {unit}");
            script.Line($"    systemctl restart {unit}");
            script.Line($"    wait_until_live {unit} \"$port\" {ConfigText.Bash(site.App.HealthPath)} {AppEnvironment.PortText(site.App.StartTimeoutSeconds)}");
            script.Line("done");
        }

        script.Line();
    }

    private static void WriteStartNginx(Script script, ServerLayout layout)
    {
        script.Line("step 'starting nginx'");
        script.Line($"nginx -t -q -c {ConfigText.Bash(layout.NginxConfigPath)}");
        script.Line("systemctl enable --quiet nginx");
        script.Line("systemctl reload-or-restart nginx");
        script.Line("step 'done'");
    }

    /// <summary>The script as EC2 receives it: gzip (deterministic: no name, no time), which cloud-init recognises.</summary>
    public static byte[] Compress(string script)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(script));
        }

        return buffer.ToArray();
    }

    /// <summary>Base64 of the compressed script: what a launch template's user data must be.</summary>
    public static string ToLaunchTemplateUserData(string script) => Convert.ToBase64String(Compress(script));

    /// <summary>The script back from a launch template's user data (for checks and tests).</summary>
    public static string FromLaunchTemplateUserData(string base64)
    {
        using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(base64)), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The script being written: lines, and files embedded as quoted here-documents.</summary>
    private sealed class Script
    {
        private readonly StringBuilder _text = new();

        public void Line(string line = "") => _text.Append(line).Append('\n');

        public void File(string path, string content)
        {
            if (content.Split('\n').Contains(HereDocEnd))
            {
                throw new ArgumentException($"{path} contains the line {HereDocEnd}, which would end its here-document early");
            }

            // A quoted delimiter: bash copies the text as is, with no expansion of $ or backticks.
            _text.Append("write_file ").Append(ConfigText.Bash(path)).Append(" <<'").Append(HereDocEnd).Append("'\n");
            _text.Append(content);
            if (!content.EndsWith('\n'))
            {
                _text.Append('\n');
            }

            _text.Append(HereDocEnd).Append('\n');
        }

        public override string ToString() => _text.ToString();
    }
}

public sealed class UserDataTooLargeException(int size)
    : Exception($"the server's user data is {size} bytes compressed; EC2 accepts at most {UserDataScript.MaxBytes}. Fewer sites or shorter server names make it smaller.")
{
    public int Size { get; } = size;
}
