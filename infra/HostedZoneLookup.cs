// Finds the stack's public hosted zone in Route 53, by domain or by id, and holds the program to the settings' promise
// that the stack's name is inside it: with a zone given by id, only this lookup can tell its domain. A private zone is
// refused too: ACM validates through public DNS, and clients on the internet couldn't resolve the name.
using Pulumi;
using WebStack.Core.Network;
using WebStack.Core.Settings;
using Aws = Pulumi.Aws;

namespace WebStack.Infra;

internal static class HostedZoneLookup
{
    public static Output<string> ZoneId(StackDomain domain, ProviderResource provider)
    {
        var zone = domain.Zone;
        var args = new Aws.Route53.GetZoneInvokeArgs { PrivateZone = false };
        if (zone.Id is { } id)
        {
            args.ZoneId = id;
        }
        else
        {
            args.Name = zone.Name!;
        }

        return Aws.Route53.GetZone.Invoke(args, new InvokeOptions { Provider = provider }).Apply(found =>
        {
            if (found.PrivateZone == true)
            {
                throw new RunException($"hostedZone: {zone} is a private hosted zone; the stack's name must be in a public one, where ACM and clients can resolve it");
            }

            if (!DnsName.IsWithin(domain.Name, found.Name))
            {
                throw new RunException($"domainName {domain.Name} is not in {zone} (its domain is {found.Name.TrimEnd('.')}); "
                    + "it must be the zone's domain itself or a name under it");
            }

            return found.ZoneId;
        });
    }
}
