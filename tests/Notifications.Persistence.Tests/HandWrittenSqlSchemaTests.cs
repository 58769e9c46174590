using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Notifications.Persistence.Tests;

/// <summary>
/// The plain SQL in src/Notifications.Persistence names tables and columns that the EF configurations also name: this
/// reads every statement there (each string literal that names a <c>notifications.</c> table) and checks its names
/// against the EF model, so a column renamed in a configuration but not in the SQL fails here, not in production.
/// Tables the model does not map (the statistics tables, written by triggers) are checked against the migrated
/// database instead. Checked: the tables, INSERT and COPY column lists, UPDATE ... SET targets and alias-qualified
/// columns (<c>e.status</c> where <c>notifications.email_notifications e</c>).
/// </summary>
public sealed partial class HandWrittenSqlSchemaTests
{
    private static readonly Lazy<Dictionary<string, HashSet<string>>> ModelTables = new(ReadModel);

    [TestCaseSource(nameof(Statements))]
    public async Task Statement_NamesOnlyTablesAndColumnsThatExist(string file, string sql)
    {
        var catalog = await ReadCatalogAsync();
        var problems = new List<string>();

        HashSet<string>? ColumnsOf(string table) =>
            ModelTables.Value.TryGetValue(table, out var columns) ? columns : catalog.Tables.GetValueOrDefault(table);

        void Check(string table, string column, string where)
        {
            if (ColumnsOf(table) is { } columns && !columns.Contains(column))
            {
                problems.Add($"{where}: {table} has no column {column}");
            }
        }

        var aliases = new Dictionary<string, string>();
        foreach (Match m in TableReference().Matches(sql))
        {
            var table = m.Groups["table"].Value;
            if (table == "__hole__")
            {
                // A table passed in (DispatchSql's queues): checked where its callers name it.
                continue;
            }

            if (ColumnsOf(table) is null && !catalog.Others.Contains(table))
            {
                problems.Add($"notifications.{table} is neither in the EF model nor in the database");
            }

            if (m.Groups["alias"].Success && !Keywords.Contains(m.Groups["alias"].Value))
            {
                aliases[m.Groups["alias"].Value] = table;
            }
        }

        foreach (Match m in ColumnList().Matches(sql))
        {
            foreach (var column in m.Groups["columns"].Value.Split(',').Select(c => c.Trim()))
            {
                Check(m.Groups["table"].Value, column, "column list");
            }
        }

        foreach (Match m in UpdateSet().Matches(sql))
        {
            foreach (Match target in SetTarget().Matches(TopLevel(m.Groups["set"].Value)))
            {
                Check(m.Groups["table"].Value, target.Groups["column"].Value, "SET");
            }
        }

        foreach (Match m in Qualified().Matches(sql))
        {
            if (aliases.TryGetValue(m.Groups["alias"].Value, out var table))
            {
                Check(table, m.Groups["column"].Value, $"{m.Value}");
            }
        }

        Assert.That(problems, Is.Empty, $"{file}:\n{sql}");
    }

    [Test]
    public void Statements_AreFound()
    {
        // The scan itself works: the statements the schema was seen to drift in are among those read.
        var files = Statements().Select(s => (string)s.Arguments[0]!).ToHashSet();
        Assert.That(files, Is.SupersetOf(new[] { "OrderRepository.cs", "OrderQueue.cs", "InstantEmailStore.cs", "EmailQueue.cs", "StatisticsStore.cs" }));
    }

    /// <summary>Every string literal of the project's top-level files that names a notifications table, holes blanked.</summary>
    public static IEnumerable<TestCaseData> Statements()
    {
        var folder = Path.Combine(RepositoryRoot(), "src", "Notifications.Persistence");
        foreach (var path in Directory.GetFiles(folder, "*.cs").Order())
        {
            var code = string.Join('\n', File.ReadAllLines(path).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
            var literals = new List<string>();
            code = RawLiteral().Replace(code, m => { literals.Add(m.Groups[1].Value); return "\"\""; });
            literals.AddRange(PlainLiteral().Matches(code).Select(m => m.Groups[1].Value));
            var index = 0;
            foreach (var literal in literals.Where(l => l.Contains("notifications.", StringComparison.Ordinal)))
            {
                var sql = literal;
                // Interpolation holes (a status literal, a shared fragment, a table passed in) become a neutral word.
                for (var before = ""; before != sql;)
                {
                    before = sql;
                    sql = Hole().Replace(sql, "__hole__");
                }

                sql = SqlString().Replace(sql, "''");
                yield return new TestCaseData(Path.GetFileName(path), sql).SetName($"{{m}}({Path.GetFileNameWithoutExtension(path)} #{++index})");
            }
        }
    }

    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "where", "set", "from", "join", "on", "as", "select", "values", "returning", "and", "or", "order", "group", "limit", "union", "cross", "for",
    };

    /// <summary>The text at parenthesis depth 0, so a SET's subqueries and function calls are not read as targets.</summary>
    private static string TopLevel(string text)
    {
        var depth = 0;
        return string.Concat(text.Select(c =>
        {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            return depth > 0 && c != '(' ? ' ' : c;
        }));
    }

    private static Dictionary<string, HashSet<string>> ReadModel()
    {
        using var services = TestDatabase.BuildServices();
        using var scope = services.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>().Model.GetRelationalModel();
        return model.Tables.Where(t => t.Schema == NotificationsDbContext.Schema)
            .ToDictionary(t => t.Name, t => t.Columns.Select(c => c.Name).ToHashSet());
    }

    private static async Task<(Dictionary<string, HashSet<string>> Tables, HashSet<string> Others)> ReadCatalogAsync()
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        var tables = new Dictionary<string, HashSet<string>>();
        await using (var columns = new NpgsqlCommand(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'notifications'", connection))
        await using (var reader = await columns.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                (tables.TryGetValue(reader.GetString(0), out var set) ? set : tables[reader.GetString(0)] = []).Add(reader.GetString(1));
            }
        }

        // Sequences and functions, which statements name too.
        var others = new HashSet<string>();
        await using var names = new NpgsqlCommand("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'notifications' AND c.relkind = 'S'
            UNION SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'notifications'
            """, connection);
        await using (var reader = await names.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                others.Add(reader.GetString(0));
            }
        }

        return (tables, others);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Notifications.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Notifications.sln not found above the test directory.");
    }

    [GeneratedRegex("\"\"\"(.*?)\"\"\"", RegexOptions.Singleline)]
    private static partial Regex RawLiteral();

    [GeneratedRegex("\"((?:[^\"\\\\\\n]|\\\\.)*)\"")]
    private static partial Regex PlainLiteral();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Hole();

    [GeneratedRegex("'[^']*'")]
    private static partial Regex SqlString();

    [GeneratedRegex(@"notifications\.(?<table>[a-z_]+)(?![a-z_(])(?:\s+(?:AS\s+)?(?<alias>[a-z_]+)\b)?", RegexOptions.IgnoreCase)]
    private static partial Regex TableReference();

    [GeneratedRegex(@"(?:INSERT\s+INTO|COPY)\s+notifications\.(?<table>[a-z_]+)(?:\s+AS\s+[a-z_]+)?\s*\((?<columns>[a-z_,\s]+)\)", RegexOptions.IgnoreCase)]
    private static partial Regex ColumnList();

    [GeneratedRegex(@"UPDATE\s+notifications\.(?<table>[a-z_]+)(?:\s+[a-z_]+)?\s+SET\s+(?<set>.*?)(?=\bFROM\b|\bWHERE\b|\bRETURNING\b|$)", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex UpdateSet();

    [GeneratedRegex(@"(?:^|,)\s*(?<column>[a-z_]+)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex SetTarget();

    [GeneratedRegex(@"\b(?<alias>[a-z_]+)\.(?<column>[a-z_]+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Qualified();
}
