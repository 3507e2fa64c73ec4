// The stack's own certificate: an ACM certificate for its domain in the stack's region, validated through DNS (the
// CNAME ACM asks for, written into the hosted zone), and a validation that waits until ACM has issued it, so the HTTPS
// listener never points at a certificate still pending. ACM renews it by itself for as long as the CNAME stays.
using Pulumi;
using WebStack.Core;
using Aws = Pulumi.Aws;

namespace WebStack.Infra.Components;

/// <param name="ZoneId">The hosted zone the validation record goes in.</param>
public sealed record SiteCertificateArgs(StackPlan Plan, Output<string> ZoneId);

public sealed class SiteCertificate : ComponentResource
{
    public const string TypeToken = "webstack:tls:SiteCertificate";

    /// <summary>RSA 2048: what every client, old or new, can verify (ACM's default for public certificates).</summary>
    public const string KeyAlgorithm = "RSA_2048";

    /// <summary>ACM's validation CNAME never changes for a name in an account, so a short TTL costs nothing.</summary>
    public const int ValidationRecordTtl = 60;

    public SiteCertificate(string name, SiteCertificateArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        var plan = args.Plan;
        var names = plan.Names;
        var domain = plan.Settings.Tls.Domain ?? throw new InvalidOperationException("a certificate of its own needs the stack's domain");

        var certificateName = names.Certificate;
        Certificate = new Aws.Acm.Certificate(certificateName.Logical, new Aws.Acm.CertificateArgs
        {
            DomainName = domain.Name,
            ValidationMethod = "DNS",
            KeyAlgorithm = KeyAlgorithm,
            Tags = Tagging.For(plan, certificateName),
        }, Child());

        // ACM says which record proves control of each name; one name here, picked by name rather than by position.
        var validation = Certificate.DomainValidationOptions.Apply(options =>
            options.FirstOrDefault(option => option.DomainName == domain.Name)
            ?? throw new InvalidOperationException($"ACM gave no DNS validation record for {domain.Name}"));
        Record = new Aws.Route53.Record(names.CertificateValidationRecord.Logical, new Aws.Route53.RecordArgs
        {
            ZoneId = args.ZoneId,
            // ACM writes the name absolute ("_x.www.example.com."); Route 53 takes it either way, the zone shows it without.
            Name = validation.Apply(option => option.ResourceRecordName.TrimEnd('.')),
            Type = validation.Apply(option => option.ResourceRecordType),
            Records = { validation.Apply(option => option.ResourceRecordValue) },
            Ttl = ValidationRecordTtl,
            // The CNAME is the same for every certificate of this name in the account: one an earlier deployment left
            // behind is this one, so taking it over is safe (alias records never are).
            AllowOverwrite = true,
        }, Child());

        Validation = new Aws.Acm.CertificateValidation(names.CertificateValidation.Logical, new Aws.Acm.CertificateValidationArgs
        {
            CertificateArn = Certificate.Arn,
            ValidationRecordFqdns = { Record.Fqdn },
        }, Child());

        CertificateArn = Validation.CertificateArn;
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["certificateArn"] = CertificateArn,
            ["validationRecord"] = Record.Fqdn,
        });
    }

    public Aws.Acm.Certificate Certificate { get; }

    public Aws.Route53.Record Record { get; }

    public Aws.Acm.CertificateValidation Validation { get; }

    /// <summary>The certificate's ARN once ACM has issued it: what the HTTPS listener uses.</summary>
    public Output<string> CertificateArn { get; }

    private CustomResourceOptions Child() => new() { Parent = this };
}
