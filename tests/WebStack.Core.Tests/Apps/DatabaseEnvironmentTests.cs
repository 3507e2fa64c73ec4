// The database as an app finds it: every form verify-full, a password that holds URL or connection-string syntax
// carried so that each form still reads back the same, and the user data's jq producing exactly these values.
using System.Text.Json;
using WebStack.Core.Apps;
using WebStack.Core.Tests.Support;

namespace WebStack.Core.Tests.Apps;

public sealed class DatabaseEnvironmentTests
{
    private static readonly DatabaseEndpoint Endpoint = new("db.internal", 5432, "webstack", "webstack", "p;a=s s%!*'()", "/etc/webstack/rds-ca.pem");

    [Fact]
    public void Every_form_verifies_the_database_against_the_roots()
    {
        var forms = DatabaseEnvironment.For(Endpoint).ToDictionary(pair => pair.Key, pair => pair.Value);

        Assert.Equal("verify-full", forms["PGSSLMODE"]);
        Assert.Equal("/etc/webstack/rds-ca.pem", forms["PGSSLROOTCERT"]);
        Assert.Equal("postgresql://webstack:p%3Ba%3Ds%20s%25%21%2A%27%28%29@db.internal:5432/webstack?sslmode=verify-full&sslrootcert=%2Fetc%2Fwebstack%2Frds-ca.pem", forms["DATABASE_URL"]);
        Assert.Equal("Host=db.internal;Port=5432;Database=webstack;Username=webstack;Password=\"p;a=s s%!*'()\";SSL Mode=VerifyFull;Root Certificate=/etc/webstack/rds-ca.pem",
            forms["ConnectionStrings__Default"]);
        Assert.Equal("jdbc:postgresql://db.internal:5432/webstack?sslmode=verify-full&sslrootcert=/etc/webstack/rds-ca.pem", forms["SPRING_DATASOURCE_URL"]);
        Assert.Equal(("webstack", Endpoint.Password), (forms["SPRING_DATASOURCE_USERNAME"], forms["SPRING_DATASOURCE_PASSWORD"]));
        Assert.Equal(DatabaseEnvironment.Variables.Select(variable => variable.Name), forms.Keys);
    }

    [Fact]
    public void The_url_decodes_back_to_the_password()
    {
        var url = new Uri(DatabaseEnvironment.For(Endpoint).Single(pair => pair.Key == "DATABASE_URL").Value);

        Assert.Equal($"webstack:{Endpoint.Password}", Uri.UnescapeDataString(url.UserInfo));
    }

    [Theory]
    [InlineData("p4ss!#%&*()-_=+[]{}<>:?.,;^~")]
    [InlineData("it's \"quoted\" $HOME")]
    [InlineData("plain")]
    public void The_user_datas_jq_gives_the_same_values_for_the_rds_secret(string password)
    {
        var jq = Tools.Require("jq", "the user data's reading of the database secret");
        using var temp = new TempDirectory();
        var endpoint = Endpoint with { Password = password };
        var secret = temp.Write("secret.json", JsonSerializer.Serialize(new { host = endpoint.Host, port = endpoint.Port, dbname = endpoint.Name, username = endpoint.User, password }));

        var result = Tools.Run(jq, ["-r", DatabaseEnvironment.JqFilter(endpoint.RootCertificateFile), secret]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(EnvironmentFile.Render(DatabaseEnvironment.For(endpoint)), result.Stdout);
    }

    [Fact]
    public void Every_secret_form_is_named_so_no_report_shows_its_value()
    {
        Assert.Equal(["PGPASSWORD", "DATABASE_URL", "ConnectionStrings__Default", "SPRING_DATASOURCE_PASSWORD"], DatabaseEnvironment.SecretNames);
        Assert.DoesNotContain(Endpoint.Password, Endpoint.ToString(), StringComparison.Ordinal);
    }
}
