using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace TfLite.PowerShell.Loading;

/// <summary>
/// The load context that holds TfLite.Core and its third-party dependencies (FlatBuffers, PureHDF, ...), read from
/// the module's <c>Dependencies</c> folder. Keeping them out of the default context means another module that
/// loaded a different version of the same library never collides with ours. Where the folder has a subfolder of
/// ReadyToRun images for the running .NET version and platform (<c>net10.0-linux-x64</c>, say), its assemblies are
/// preferred: they carry precompiled code that the running .NET uses, where it compiles the portable ones at first use.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    private readonly string _directory;
    private readonly string _precompiled;

    /// <summary>Creates the context over a folder of assemblies.</summary>
    public DependencyLoadContext(string directory)
        : base("TfLite.PowerShell.Dependencies", isCollectible: false)
    {
        _directory = directory;
        _precompiled = Path.Combine(directory, $"net{Environment.Version.Major}.0-{RuntimeInformation.RuntimeIdentifier}");
    }

    /// <summary>The folder the context loads from.</summary>
    public string Directory => _directory;

    /// <summary>True when the folder holds an assembly of that simple name.</summary>
    public bool Contains(AssemblyName name) => name.Name is not null && File.Exists(PathOf(name.Name));

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Anything not shipped in Dependencies (the runtime, System.Management.Automation) comes from the default
        // context, so types such as string or PSObject stay shared with PowerShell.
        return assemblyName.Name is not null && File.Exists(PathOf(assemblyName.Name))
            ? LoadFromAssemblyPath(PathOf(assemblyName.Name))
            : null;
    }

    private string PathOf(string simpleName)
    {
        var precompiled = Path.Combine(_precompiled, simpleName + ".dll");
        return File.Exists(precompiled) ? precompiled : Path.Combine(_directory, simpleName + ".dll");
    }
}
