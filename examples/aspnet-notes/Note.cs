namespace Notes;

/// <summary>One row of the notes table: the app writes one for each visit to /.</summary>
public sealed class Note
{
    public long Id { get; set; }

    public required string Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
