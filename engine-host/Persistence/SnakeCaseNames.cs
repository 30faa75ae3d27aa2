using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Orchestrator.EngineHost.Persistence;

/// <summary>snake_case for every table, column, key and index name that was not set explicitly,
/// so raw SQL reads the same on SQLite, PostgreSQL and SQL Server.</summary>
internal static class SnakeCaseNames
{
    public static void UseSnakeCaseNames(this ModelBuilder model)
    {
        foreach (var entity in model.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is { } table && entity.FindAnnotation(RelationalAnnotationNames.TableName) is null)
                entity.SetTableName(ToSnake(table));
            foreach (var property in entity.GetProperties())
            {
                if (property.FindAnnotation(RelationalAnnotationNames.ColumnName) is null)
                    property.SetColumnName(ToSnake(property.Name));
            }
            foreach (var key in entity.GetKeys())
                key.SetName(ToSnake(key.GetName() ?? key.GetDefaultName()!));
            foreach (var fk in entity.GetForeignKeys())
                fk.SetConstraintName(ToSnake(fk.GetConstraintName() ?? fk.GetDefaultName()!));
            foreach (var index in entity.GetIndexes())
                index.SetDatabaseName(ToSnake(index.GetDatabaseName() ?? index.GetDefaultDatabaseName()!));
        }
    }

    internal static string ToSnake(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var prevLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextLower = i > 0 && i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]);
                if (prevLowerOrDigit || nextLower)
                    sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
