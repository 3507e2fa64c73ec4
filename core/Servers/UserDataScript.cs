// The user data of a server: the bash script cloud-init runs at first boot on Amazon Linux 2023. It installs nginx,
// fetches the app package and the region's RDS root certificates from S3 (checking each one's hash) and the database
// credentials from Secrets Manager into a root-only file (with sslmode verify-full against those roots), writes the
// rendered nginx config and systemd units, starts the CloudWatch agent on the server's logs and memory and disk use,
// and starts everything, enabled at boot.
// Running it again converges to the same state (a rolling restart of the processes, one at a time).
using System.Globalization;
using System.IO.Compression;
using System.Text;
using WebStack.Core.Database;

namespace WebStack.Core.Servers;

public static class UserDataScript
{
    /// <summary>EC2 refuses user data larger than this (before base64). The script is sent gzip-compressed, which
    /// cloud-init unpacks, so the limit applies to the compressed bytes.</summary>
    public const int MaxBytes = 16 * 1024;

    public const string LogPath = "/var/log/webstack-bootstrap.log";

    // Ends each embedded file. No rendered file can contain it: the check below refuses one that does.
    private const string HereDocEnd = "WEBSTACK_END_OF_FILE";

    public static string Render(ServerPlan plan, ServerLayout layout, BootstrapInputs inputs)
    {
        var problems = inputs.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("the server bootstrap can't be rendered: " + string.Join("; ", problems), nameof(inputs));
        }

        var appUser = layout.AppUser ?? throw new ArgumentException("an EC2 layout runs the app as its own user", nameof(layout));
        var script = new StringBuilder();
        void Line(string line = "") => script.Append(line).Append('\n');

        Line("#!/bin/bash");
        Line($"# webstack server bootstrap for the stack {plan.Stack}: nginx in front of {plan.ProcessCount} app processes.");
        Line("# Rendered from the stack's settings; safe to run again (it converges, restarting one process at a time).");
        Line("set -euo pipefail");
        Line("umask 022");
        Line($"exec > >(tee -a {ConfigText.Bash(LogPath)}) 2>&1");
        Line("step() { printf '%s webstack: %s\\n' \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" \"$*\"; }");
        Line("trap 'step \"failed at line $LINENO (exit $?)\"' ERR");
        Line("# AWS calls can fail while the instance profile's credentials or the NAT route are still coming up.");
        Line("retry() { local try=1; until \"$@\"; do if [ \"$try\" -ge 6 ]; then return 1; fi; sleep $((try * 5)); try=$((try + 1)); done; }");
        Line();
        Line($"region={ConfigText.Bash(inputs.Region)}");
        Line($"package_url={ConfigText.Bash($"s3://{inputs.PackageBucket}/{inputs.PackageKey}")}");
        Line($"package_sha256={ConfigText.Bash(inputs.PackageSha256)}");
        Line($"db_secret_arn={ConfigText.Bash(inputs.DatabaseSecretArn)}");
        Line($"ca_url={ConfigText.Bash($"s3://{inputs.PackageBucket}/{inputs.CaBundleKey}")}");
        Line($"ca_sha256={ConfigText.Bash(inputs.CaBundleSha256)}");
        Line($"ca_file={ConfigText.Bash(ServerLayout.DatabaseCaFile)}");
        Line($"app_root={ConfigText.Bash(ServerLayout.AppRoot)}");
        Line($"app_dir={ConfigText.Bash(layout.AppDirectory)}");
        Line($"app_user={ConfigText.Bash(appUser)}");
        Line($"env_file={ConfigText.Bash(layout.EnvironmentFile)}");
        Line();
        Line("step 'installing nginx, the CloudWatch agent and tools'");
        Line("retry dnf install -y -q nginx jq tar gzip awscli-2 amazon-cloudwatch-agent logrotate");
        Line("id -u \"$app_user\" >/dev/null 2>&1 || useradd --system --no-create-home --shell /sbin/nologin \"$app_user\"");
        Line("if command -v getenforce >/dev/null && [ \"$(getenforce)\" = Enforcing ]; then");
        Line("    # Lets nginx connect to the app processes on their loopback ports.");
        Line("    setsebool -P httpd_can_network_connect 1");
        Line("fi");
        Line();
        Line("step \"installing the app package $package_sha256\"");
        Line("release=\"$app_root/releases/$package_sha256\"");
        Line("if [ ! -x \"$release/" + AppPackage.ExecutableName + "\" ]; then");
        Line("    package=$(mktemp)");
        Line("    retry aws s3 cp --only-show-errors --region \"$region\" \"$package_url\" \"$package\"");
        Line("    echo \"$package_sha256  $package\" | sha256sum --check --quiet -");
        Line("    rm -rf \"$release.partial\"");
        Line("    mkdir -p \"$release.partial\"");
        Line("    tar -xzf \"$package\" -C \"$release.partial\"");
        Line("    rm -f \"$package\"");
        Line("    mv \"$release.partial\" \"$release\"");
        Line("fi");
        Line("# Switch the current release atomically: a symlink renamed over the old one.");
        Line("ln -sfn \"$release\" \"$app_dir.next\"");
        Line("mv -T \"$app_dir.next\" \"$app_dir\"");
        Line();
        Line("step 'installing the RDS root certificates the database is verified against'");
        Line("if ! echo \"$ca_sha256  $ca_file\" | sha256sum --check --quiet - >/dev/null 2>&1; then");
        Line("    ca=$(mktemp)");
        Line("    retry aws s3 cp --only-show-errors --region \"$region\" \"$ca_url\" \"$ca\"");
        Line("    echo \"$ca_sha256  $ca\" | sha256sum --check --quiet -");
        Line("    mkdir -p \"$(dirname \"$ca_file\")\"");
        Line("    install -m 0644 \"$ca\" \"$ca_file.next\"");
        Line("    rm -f \"$ca\"");
        Line("    mv \"$ca_file.next\" \"$ca_file\"");
        Line("fi");
        Line();
        Line("step 'writing the database settings'");
        Line("secret=$(retry aws secretsmanager get-secret-value --region \"$region\" --secret-id \"$db_secret_arn\" --query SecretString --output text)");
        Line("mkdir -p \"$(dirname \"$env_file\")\"");
        Line("# Values are single-quoted for systemd; one that would need escaping is refused rather than mangled.");
        Line("env_lines=$(printf '%s' \"$secret\" | jq -r '");
        Line("    def q: tostring | if test(\"[\\u0000-\\u001f\\u0027\\\\\\\\]\") then error(\"unsafe character in the database secret\") else \"\\u0027\" + . + \"\\u0027\" end;");
        foreach (var (name, field) in SecretFields)
        {
            Line($"    \"{name}=\\(.{field} | q)\",");
        }

        Line($"    \"{AppEnvironment.DbSslMode}=\\(\"{DatabaseAccess.SslMode}\" | q)\",");
        Line($"    \"{AppEnvironment.DbSslRootCert}=\\(\"{ServerLayout.DatabaseCaFile}\" | q)\"')");
        Line("instance_token=$(curl -fsS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' http://169.254.169.254/latest/api/token)");
        Line("instance_id=$(curl -fsS -H \"X-aws-ec2-metadata-token: $instance_token\" http://169.254.169.254/latest/meta-data/instance-id)");
        Line("(");
        Line("    umask 077");
        Line($"    printf '%s\\n%s\\n%s\\n' \"$env_lines\" \"{AppEnvironment.ServerId}='$instance_id'\" \"{AppEnvironment.Release}='{AppPackage.ReleaseNameOf(inputs.PackageSha256)}'\" > \"$env_file.next\"");
        Line(")");
        Line("mv \"$env_file.next\" \"$env_file\"");
        Line();
        Line("step 'writing the nginx config and the systemd units'");
        Line("write_file() {");
        Line("    mkdir -p \"$(dirname \"$1\")\"");
        Line("    cat > \"$1.next\"");
        Line("    mv \"$1.next\" \"$1\"");
        Line("}");
        WriteFile(script, layout.NginxConfigPath, NginxConfig.Render(plan, layout));
        WriteFile(script, SystemdUnits.NginxDropInPath, SystemdUnits.NginxDropIn(plan.Supervision));
        foreach (var site in plan.Sites)
        {
            WriteFile(script, $"{SystemdUnits.UnitDirectory}/{site.UnitTemplate}", SystemdUnits.AppTemplate(site, layout, plan.Supervision));
        }

        WriteFile(script, AppLogForwarder.UnitPath, AppLogForwarder.Unit());
        WriteFile(script, NginxErrorLogCopy.ScriptPath, NginxErrorLogCopy.Script(layout.NginxErrorLogPath));
        Line($"chmod 755 {ConfigText.Bash(NginxErrorLogCopy.ScriptPath)}");
        WriteFile(script, NginxErrorLogCopy.UnitPath, NginxErrorLogCopy.Unit());
        WriteFile(script, LogCopy.LogrotatePath, LogCopy.Logrotate());
        WriteFile(script, CloudWatchAgentConfig.Path, CloudWatchAgentConfig.Render(ServerLogs.For(layout), inputs.Monitoring.LogGroups, inputs.Monitoring.MetricsStack));
        Line("systemctl daemon-reload");
        Line();
        Line("step 'starting the log copies and the CloudWatch agent'");
        // systemd opens a unit's output file before running it, but not the directory it is in.
        Line($"mkdir -p {ConfigText.Bash(LogCopy.Directory)}");
        foreach (var unit in new[] { AppLogForwarder.UnitName, NginxErrorLogCopy.UnitName })
        {
            Line($"systemctl enable --quiet {unit}");
            Line($"systemctl restart {unit}");
        }

        Line("systemctl enable --quiet --now logrotate.timer");
        Line($"retry {CloudWatchAgentConfig.StartCommand}");
        Line();
        Line("# One process at a time, each answering before the next restarts: nginx keeps serving from the others.");
        Line("wait_until_live() {");
        Line("    for _ in $(seq 1 60); do");
        Line($"        if curl -fsS -o /dev/null \"http://{AppEnvironment.Loopback}:$1{ServerPlan.AppLivenessPath}\"; then return 0; fi");
        Line("        sleep 1");
        Line("    done");
        Line("    step \"the app process on port $1 did not answer within 60 s\"");
        Line("    return 1");
        Line("}");
        foreach (var site in plan.Sites)
        {
            var ports = string.Join(' ', site.Ports.Select(port => port.ToString(CultureInfo.InvariantCulture)));
            Line($"for port in {ports}; do");
            var unit = ConfigText.Bash(site.UnitPrefix) + "\"@$port.service\"";
            Line($"    step \"starting {site.UnitPrefix}@$port\"");
            Line($"    systemctl enable --quiet {unit}");
            Line($"    systemctl restart {unit}");
            Line("    wait_until_live \"$port\"");
            Line("done");
        }

        Line();
        Line("step 'starting nginx'");
        Line($"nginx -t -q -c {ConfigText.Bash(layout.NginxConfigPath)}");
        Line("systemctl enable --quiet nginx");
        Line("systemctl reload-or-restart nginx");
        Line("step 'done'");

        var text = script.ToString();
        var size = Compress(text).Length;
        if (size > MaxBytes)
        {
            throw new UserDataTooLargeException(size);
        }

        return text;
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

    private static readonly (string Name, string Field)[] SecretFields =
    [
        (AppEnvironment.DbHost, "host"),
        (AppEnvironment.DbPort, "port"),
        (AppEnvironment.DbName, "dbname"),
        (AppEnvironment.DbUser, "username"),
        (AppEnvironment.DbPassword, "password"),
    ];

    private static void WriteFile(StringBuilder script, string path, string content)
    {
        if (content.Split('\n').Contains(HereDocEnd))
        {
            throw new ArgumentException($"{path} contains the line {HereDocEnd}, which would end its here-document early");
        }

        // A quoted delimiter: bash copies the text as is, with no expansion of $ or backticks.
        script.Append("write_file ").Append(ConfigText.Bash(path)).Append(" <<'").Append(HereDocEnd).Append("'\n");
        script.Append(content);
        if (!content.EndsWith('\n'))
        {
            script.Append('\n');
        }

        script.Append(HereDocEnd).Append('\n');
    }
}

public sealed class UserDataTooLargeException(int size)
    : Exception($"the server's user data is {size} bytes compressed; EC2 accepts at most {UserDataScript.MaxBytes}. Fewer sites or shorter server names make it smaller.")
{
    public int Size { get; } = size;
}
