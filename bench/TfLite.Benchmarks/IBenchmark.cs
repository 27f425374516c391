namespace TfLite.Benchmarks;

/// <summary>One benchmark of the harness, run by its subcommand name.</summary>
internal interface IBenchmark
{
    /// <summary>The subcommand that runs it (e.g. <c>interpreter</c>).</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark and returns its results as a markdown section.</summary>
    string Run(BenchmarkArguments args);
}
