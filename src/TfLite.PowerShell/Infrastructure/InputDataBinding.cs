using System.Management.Automation;
using TfLite.Core.Inference;

namespace TfLite.PowerShell.Infrastructure;

/// <summary>Builds the core's <see cref="InputData"/> converter for a cmdlet: PSObject wrappers are taken off every
/// value and path strings are resolved against the session's current location, as the file cmdlets do.</summary>
internal static class InputDataBinding
{
    public static InputData For(PSCmdlet cmdlet) => new(
        unwrap: o => o is PSObject ps ? ps.BaseObject : o,
        resolvePath: p => cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(p));
}
