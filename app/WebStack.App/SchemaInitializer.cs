// Creates the table at start without making the start wait for the database: the app listens (and answers
// /health/live) at once, and this keeps trying in the background until the database is there.
namespace WebStack.App;

internal sealed class SchemaInitializer(DatabaseSchema schema, ILogger<SchemaInitializer> logger) : BackgroundService
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Doubling delays: quick when the database is merely starting alongside, quiet when it's down for long.
        var delay = FirstDelay;
        try
        {
            while (true)
            {
                try
                {
                    await schema.EnsureAsync(stoppingToken);
                    return;
                }
                catch (DatabaseUnavailableException exception)
                {
                    logger.LogInformation("Table not created yet ({Reason}); trying again in {Delay} s", exception.Reason, delay.TotalSeconds);
                }

                await Task.Delay(delay, stoppingToken);
                delay = delay * 2 < MaxDelay ? delay * 2 : MaxDelay;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The app is stopping; there is nothing left to create the table for.
        }
    }
}
