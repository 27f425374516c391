using System.Management.Automation;
using TfLite.Core;

namespace TfLite.PowerShell.Infrastructure;

/// <summary>
/// Turns failures into ErrorRecords with stable ids. Core exceptions keep their own <see cref="TfLiteException.ErrorId"/>;
/// the ids the cmdlets add themselves are the constants below (documented in docs/error-ids.md).
/// </summary>
internal static class ErrorRecords
{
    public const string PathNotFound = "PathNotFound";
    public const string PathIsDirectory = "PathIsDirectory";
    public const string NotFileSystemPath = "NotFileSystemPath";
    public const string AmbiguousPath = "AmbiguousPath";
    public const string DirectoryNotFound = "DirectoryNotFound";
    public const string FileExists = "FileExists";
    public const string AccessDenied = "AccessDenied";
    public const string IOError = "IOError";
    public const string NotImplemented = "NotImplemented";
    public const string ReferenceRequired = "ReferenceRequired";
    public const string InvalidReference = "InvalidReference";

    /// <summary>An error of the cmdlet's own, with an exception of the matching .NET type.</summary>
    public static ErrorRecord Create(string errorId, ErrorCategory category, object? target, Exception exception) =>
        new(exception, errorId, category, target);

    /// <summary>The record for a failure while processing <paramref name="target"/>, or null when the exception is
    /// not one the cmdlets expect (a bug, which should surface as such).</summary>
    /// <param name="exception">What went wrong.</param>
    /// <param name="target">The file or object being processed.</param>
    /// <param name="ioCategory">The category for plain I/O errors (reading vs. writing).</param>
    public static ErrorRecord? FromException(Exception exception, object? target, ErrorCategory ioCategory)
    {
        var record = exception switch
        {
            TfLiteException core => new ErrorRecord(core, core.ErrorId, CategoryOf(core), target),
            FileNotFoundException or DirectoryNotFoundException => new ErrorRecord(exception, PathNotFound, ErrorCategory.ObjectNotFound, target),
            UnauthorizedAccessException => new ErrorRecord(exception, AccessDenied, ErrorCategory.PermissionDenied, target),
            IOException => new ErrorRecord(exception, IOError, ioCategory, target),
            NotImplementedException => new ErrorRecord(exception, NotImplemented, ErrorCategory.NotImplemented, target),
            _ => null,
        };
        if (record is not null && target is string path && !exception.Message.Contains(path, StringComparison.Ordinal))
            record.ErrorDetails = new ErrorDetails($"{path}: {exception.Message}");
        return record;
    }

    private static ErrorCategory CategoryOf(TfLiteException exception) => exception switch
    {
        ModelFormatException => ErrorCategory.InvalidData,
        UnsupportedLayerException => ErrorCategory.NotImplemented,
        QuantizationException => ErrorCategory.InvalidOperation,
        InterpreterException => ErrorCategory.InvalidOperation,
        _ => ErrorCategory.NotSpecified,
    };
}
