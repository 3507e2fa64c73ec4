// Entry point of the Pulumi program: the language host runs it for `pulumi preview`, `up` and `destroy`.
using Pulumi;
using WebStack.Infra;

return await Deployment.RunAsync<WebStackStack>();
