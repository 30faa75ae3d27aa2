using System.Buffers.Text;
using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Orchestrator.EngineHost.Features.Sla;

/// <summary>
/// A forward-only read of the rows of a command by ordinal, without an entity per row, for the impact preview's big reads
/// (over a million rows). On SQLite the statement is stepped through SQLite's own API on the connection's handle, so a
/// GUID stored as text is parsed from SQLite's bytes and a status or a region from a small set of values is recognised
/// from them, without a string per row (Microsoft.Data.Sqlite makes a string of each, and a byte array of
/// <c>GetBytes</c>); elsewhere it is the provider's <see cref="DbDataReader"/> (GUIDs and times arrive binary).
/// </summary>
internal abstract class SlaImpactCursor : IDisposable
{
    /// <summary>Runs <paramref name="command"/> (its connection open) and reads its rows.</summary>
    public static SlaImpactCursor Open(DbCommand command) =>
        command.Connection is SqliteConnection sqlite ? new Sqlite(sqlite, command) : new Reader(command.ExecuteReader());

    public abstract bool Read();

    public abstract bool IsNull(int ordinal);

    public abstract Guid Guid(int ordinal);

    public Guid? NullableGuid(int ordinal) => IsNull(ordinal) ? null : Guid(ordinal);

    /// <summary>A time as the database stores it (SQLite: the number EF's converter writes).</summary>
    public abstract DateTimeOffset Time(int ordinal);

    public DateTimeOffset? NullableTime(int ordinal) => IsNull(ordinal) ? null : Time(ordinal);

    public abstract string Text(int ordinal);

    /// <summary>A text column with few distinct values (an enum's names, regions), as the value <paramref name="values"/> makes of it.</summary>
    public abstract T Value<T>(int ordinal, Values<T> values);

    /// <summary>
    /// The ordinal of each column named in <paramref name="names"/>, in that order, whatever order the SQL lists them in; a name
    /// matches with any case and without underscores (<c>product_line</c> or EF's alias <c>ProductLine</c>).
    /// </summary>
    public int[] Ordinals(params string[] names)
    {
        static string Key(string name) => name.Replace("_", "", StringComparison.Ordinal);
        var found = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < FieldCount; i++)
            found.TryAdd(Key(Name(i)), i);
        return names.Select(n => found.TryGetValue(Key(n), out var i) ? i
            : throw new InvalidOperationException($"The query has no column '{n}' (it has {string.Join(", ", found.Keys)}).")).ToArray();
    }

    protected abstract int FieldCount { get; }

    protected abstract string Name(int ordinal);

    public abstract void Dispose();

    /// <summary>The distinct values of a column seen so far, each made once (one instance per reading thread: not thread-safe).</summary>
    public sealed class Values<T>(Func<string, T> make)
    {
        private readonly List<(byte[] Utf8, string Text, T Value)> _seen = [];

        public T Of(ReadOnlySpan<byte> utf8)
        {
            foreach (var (bytes, _, value) in _seen)
            {
                if (utf8.SequenceEqual(bytes))
                    return value;
            }
            var text = Encoding.UTF8.GetString(utf8);
            var made = make(text);
            _seen.Add((utf8.ToArray(), text, made));
            return made;
        }

        public T Of(string text)
        {
            foreach (var (_, seen, value) in _seen)
            {
                if (string.Equals(seen, text, StringComparison.Ordinal))
                    return value;
            }
            var made = make(text);
            _seen.Add((Encoding.UTF8.GetBytes(text), text, made));
            return made;
        }
    }

    private sealed class Reader(DbDataReader reader) : SlaImpactCursor
    {
        public override bool Read() => reader.Read();

        public override bool IsNull(int ordinal) => reader.IsDBNull(ordinal);

        public override Guid Guid(int ordinal) => reader.GetGuid(ordinal);

        public override DateTimeOffset Time(int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

        public override string Text(int ordinal) => reader.GetString(ordinal);

        public override T Value<T>(int ordinal, Values<T> values) => values.Of(reader.GetString(ordinal));

        protected override int FieldCount => reader.FieldCount;

        protected override string Name(int ordinal) => reader.GetName(ordinal);

        public override void Dispose() => reader.Dispose();
    }

    /// <summary>SQLite's statement, prepared on the connection's handle with the command's SQL and parameters.</summary>
    private sealed class Sqlite : SlaImpactCursor
    {
        private static readonly Func<long, DateTimeOffset> FromNumber =
            new Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter().ConvertFromProviderExpression.Compile();

        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;

        public Sqlite(SqliteConnection connection, DbCommand command)
        {
            _db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
            Check(raw.sqlite3_prepare_v2(_db, command.CommandText, out _statement));
            try
            {
                foreach (DbParameter parameter in command.Parameters)
                {
                    var name = parameter.ParameterName;
                    var index = new[] { name, "@" + name, ":" + name, "$" + name }.Select(n => raw.sqlite3_bind_parameter_index(_statement, n))
                        .FirstOrDefault(i => i > 0);
                    if (index == 0)
                        continue; // not used by the SQL
                    Check(parameter.Value switch
                    {
                        null or DBNull => raw.sqlite3_bind_null(_statement, index),
                        string s => raw.sqlite3_bind_text(_statement, index, s),
                        long l => raw.sqlite3_bind_int64(_statement, index, l),
                        int i => raw.sqlite3_bind_int64(_statement, index, i),
                        bool b => raw.sqlite3_bind_int64(_statement, index, b ? 1 : 0),
                        double d => raw.sqlite3_bind_double(_statement, index, d),
                        byte[] bytes => raw.sqlite3_bind_blob(_statement, index, bytes),
                        var other => throw new NotSupportedException($"A parameter of type {other.GetType().Name} is not bound here."),
                    });
                }
            }
            catch
            {
                _statement.Dispose();
                throw;
            }
        }

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK)
                throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
        }

        public override bool Read() => raw.sqlite3_step(_statement) switch
        {
            raw.SQLITE_ROW => true,
            raw.SQLITE_DONE => false,
            var rc => throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc),
        };

        public override bool IsNull(int ordinal) => raw.sqlite3_column_type(_statement, ordinal) == raw.SQLITE_NULL;

        public override Guid Guid(int ordinal)
        {
            var bytes = raw.sqlite3_column_blob(_statement, ordinal);
            if (bytes.Length == 16)
                return new Guid(bytes);
            return Utf8Parser.TryParse(bytes, out Guid id, out var used) && used == bytes.Length
                ? id
                : throw new FormatException($"'{Encoding.UTF8.GetString(bytes)}' is not a GUID.");
        }

        public override DateTimeOffset Time(int ordinal) => FromNumber(raw.sqlite3_column_int64(_statement, ordinal));

        public override string Text(int ordinal) => raw.sqlite3_column_text(_statement, ordinal).utf8_to_string();

        public override T Value<T>(int ordinal, Values<T> values) => values.Of(raw.sqlite3_column_blob(_statement, ordinal));

        protected override int FieldCount => raw.sqlite3_column_count(_statement);

        protected override string Name(int ordinal) => raw.sqlite3_column_name(_statement, ordinal).utf8_to_string();

        public override void Dispose() => _statement.Dispose();
    }
}
