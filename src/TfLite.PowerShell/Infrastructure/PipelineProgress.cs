using System.Management.Automation;

namespace TfLite.PowerShell.Infrastructure;

/// <summary>
/// Shows the core's progress messages with Write-Progress and Write-Verbose. Cmdlet output may only be written from
/// the pipeline thread, so reports from any other thread are dropped rather than risk a cross-thread write.
/// </summary>
internal sealed class PipelineProgress : IProgress<string>, IDisposable
{
    private static int s_nextActivityId = 1;
    private readonly Cmdlet _cmdlet;
    private readonly int _threadId = Environment.CurrentManagedThreadId;
    private readonly ProgressRecord _record;
    private bool _written;

    public PipelineProgress(Cmdlet cmdlet, string activity, string status)
    {
        _cmdlet = cmdlet;
        _record = new ProgressRecord(Interlocked.Increment(ref s_nextActivityId), activity, status);
    }

    /// <inheritdoc />
    public void Report(string value)
    {
        if (Environment.CurrentManagedThreadId != _threadId || _cmdlet.Stopping) return;
        _record.CurrentOperation = value;
        _cmdlet.WriteProgress(_record);
        _cmdlet.WriteVerbose(value);
        _written = true;
    }

    /// <summary>Closes the progress bar if one was shown.</summary>
    public void Dispose()
    {
        if (!_written || Environment.CurrentManagedThreadId != _threadId) return;
        _record.RecordType = ProgressRecordType.Completed;
        _cmdlet.WriteProgress(_record);
    }
}
