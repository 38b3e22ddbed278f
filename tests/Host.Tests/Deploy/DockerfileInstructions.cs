using System.Text.Json;

namespace RsPipeline.Host.Tests.Deploy;

/// <summary>
/// The repository's Dockerfile read as instructions (continuation lines joined, comments dropped),
/// enough for the tests to run its publish command and check its runtime stage.
/// </summary>
public sealed class DockerfileInstructions
{
    private DockerfileInstructions(IReadOnlyList<(string Keyword, string Arguments)> instructions) => Instructions = instructions;

    /// <summary>Every instruction in order: keyword (upper case) and its arguments.</summary>
    public IReadOnlyList<(string Keyword, string Arguments)> Instructions { get; }

    /// <summary>The instructions of the last stage (from its FROM on): what the image runs.</summary>
    public IReadOnlyList<(string Keyword, string Arguments)> FinalStage =>
        Instructions.Skip(Instructions.Select((instruction, index) => (instruction, index)).Last(p => p.instruction.Keyword == "FROM").index).ToArray();

    /// <summary>The base image of each stage, in order.</summary>
    public IReadOnlyList<string> BaseImages => Instructions.Where(i => i.Keyword == "FROM").Select(i => i.Arguments.Split(' ')[0]).ToArray();

    /// <summary>The arguments of the one <c>dotnet publish</c> command (after "dotnet publish").</summary>
    public IReadOnlyList<string> PublishArguments
    {
        get
        {
            const string Command = "dotnet publish ";
            var run = Instructions.Single(i => i.Keyword == "RUN" && i.Arguments.Contains(Command, StringComparison.Ordinal)).Arguments;
            return run[(run.IndexOf(Command, StringComparison.Ordinal) + Command.Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
    }

    /// <summary>The final stage's environment (ENV KEY=VALUE ..., an empty value kept as empty).</summary>
    public IReadOnlyDictionary<string, string> FinalEnvironment =>
        FinalStage.Where(i => i.Keyword == "ENV")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : string.Empty);

    /// <summary>The final stage's ENTRYPOINT (exec form).</summary>
    public IReadOnlyList<string> EntryPoint =>
        JsonSerializer.Deserialize<string[]>(FinalStage.Single(i => i.Keyword == "ENTRYPOINT").Arguments)
            ?? throw new InvalidOperationException("ENTRYPOINT is not a JSON array");

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static DockerfileInstructions Read(string path)
    {
        var instructions = new List<(string, string)>();
        var pending = string.Empty;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }

            pending += (pending.Length > 0 ? " " : string.Empty) + line.TrimEnd('\\').Trim();
            if (!line.EndsWith('\\') && pending.Length > 0)
            {
                var space = pending.IndexOf(' ', StringComparison.Ordinal);
                instructions.Add((pending[..space].ToUpperInvariant(), pending[(space + 1)..].Trim()));
                pending = string.Empty;
            }
        }

        return new DockerfileInstructions(instructions);
    }
}
