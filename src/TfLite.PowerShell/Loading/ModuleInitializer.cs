using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace TfLite.PowerShell.Loading;

/// <summary>
/// Runs when PowerShell imports the module: teaches the default load context to hand requests for the module's own
/// assemblies (TfLite.*) to <see cref="DependencyLoadContext"/>. Third-party libraries are then resolved from
/// inside that context and never enter the default one.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private const string DependencyFolderName = "Dependencies";
    private const string OwnAssemblyPrefix = "TfLite.";

    private static readonly object Gate = new();
    private static DependencyLoadContext? s_context;
    private static bool s_registered;

    /// <summary>The context that holds the module's dependencies (created on first import).</summary>
    internal static DependencyLoadContext Context
    {
        get
        {
            lock (Gate)
                return s_context ??= new DependencyLoadContext(DependencyFolder());
        }
    }

    /// <inheritdoc />
    public void OnImport()
    {
        lock (Gate)
        {
            if (s_registered) return;
            AssemblyLoadContext.Default.Resolving += Resolve;
            s_registered = true;
        }
        // In a method of its own: compiling OnImport must not need TfLite.Core before Resolve is registered.
        ModuleWarmup.Start();
    }

    /// <inheritdoc />
    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        lock (Gate)
        {
            if (!s_registered) return;
            AssemblyLoadContext.Default.Resolving -= Resolve;
            s_registered = false;
        }
    }

    private static Assembly? Resolve(AssemblyLoadContext requester, AssemblyName name)
    {
        // Only our own assemblies are forwarded; a foreign request for, say, PureHDF must not be answered with ours.
        if (name.Name is null || !name.Name.StartsWith(OwnAssemblyPrefix, StringComparison.Ordinal)) return null;
        var context = Context;
        return context.Contains(name) ? context.LoadFromAssemblyName(name) : null;
    }

    private static string DependencyFolder()
    {
        var self = typeof(ModuleInitializer).Assembly.Location;
        return Path.Combine(Path.GetDirectoryName(self) ?? ".", DependencyFolderName);
    }
}
