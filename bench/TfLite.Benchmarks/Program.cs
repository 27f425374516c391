using TfLite.Benchmarks;
using TfLite.Benchmarks.Benchmarks;

// Each benchmark is one class and one subcommand; add new ones to this list.
IBenchmark[] benchmarks = [new InterpreterBenchmark(), new CmdletLatencyBenchmark(), new ConversionBenchmark(), new OperatorProfileBenchmark(), new QuantizeBenchmark(), new FirstInvokeBenchmark()];

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine("usage: dotnet run -c Release --project bench/TfLite.Benchmarks -- <benchmark> [--out FILE] [options]");
    foreach (var b in benchmarks) Console.WriteLine($"  {b.Name,-12} {b.Description}");
    return args.Length == 0 ? 1 : 0;
}

var benchmark = benchmarks.FirstOrDefault(b => string.Equals(b.Name, args[0], StringComparison.OrdinalIgnoreCase));
if (benchmark is null)
{
    Console.Error.WriteLine($"Unknown benchmark '{args[0]}'. Known: {string.Join(", ", benchmarks.Select(b => b.Name))}.");
    return 1;
}

var options = new BenchmarkArguments(args.Skip(1));
string markdown = benchmark.Run(options);
Console.WriteLine(markdown);
if (options.Get("out") is { } outPath) File.WriteAllText(outPath, markdown + Environment.NewLine);
return 0;
