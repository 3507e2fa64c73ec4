using Microsoft.EntityFrameworkCore;

namespace Notes;

public sealed class NotesContext(DbContextOptions<NotesContext> options) : DbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var note = modelBuilder.Entity<Note>();
        note.ToTable("notes");
        note.Property(n => n.Id).HasColumnName("id");
        note.Property(n => n.Body).HasColumnName("body");
        // timestamptz: Npgsql writes a DateTimeOffset whose offset is zero (UTC).
        note.Property(n => n.CreatedAt).HasColumnName("created_at");
    }
}
