using System.Management.Automation;
using System.Reflection;
using TfLite.Core.Interpreter.Warmup;

namespace TfLite.PowerShell.Loading;

/// <summary>
/// Compiles, on a background thread started at import, what a session's first command would otherwise
/// compile in the foreground: PowerShell's parameter metadata of every cmdlet of the module, then the interpreter's
/// planner and common kernels (<see cref="InterpreterWarmup"/>). It runs once per process, only with two or more
/// cores, and not when the environment variable <c>TFLITE_POWERSHELL_WARMUP</c> is <c>0</c>.
/// </summary>
internal static class ModuleWarmup
{
    /// <summary>The environment variable that turns the warm-up off when set to 0.</summary>
    public const string SwitchVariable = "TFLITE_POWERSHELL_WARMUP";

    private static int s_started;

    /// <summary>Starts the warm-up unless it already ran, is switched off or would only compete with the caller.</summary>
    public static void Start()
    {
        if (Environment.ProcessorCount < 2 || Environment.GetEnvironmentVariable(SwitchVariable) == "0") return;
        if (Interlocked.Exchange(ref s_started, 1) != 0) return;
        new Thread(Run) { IsBackground = true, Name = "TfLite.PowerShell warm-up" }.Start();
    }

    private static void Run()
    {
        // A failure here costs only speed: the user's own command compiles what is missing and reports its own errors.
        try
        {
            foreach (var cmdlet in typeof(ModuleWarmup).Assembly.GetTypes().Where(t => t.GetCustomAttribute<CmdletAttribute>() is not null))
                _ = new CommandMetadata(cmdlet);
            InterpreterWarmup.Run();
        }
        catch (Exception)
        {
        }
    }
}
