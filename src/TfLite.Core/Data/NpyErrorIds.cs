namespace TfLite.Core.Data;

/// <summary>Stable ids of the <see cref="ModelFormatException"/>s raised while reading NumPy <c>.npy</c>/<c>.npz</c> files.</summary>
public static class NpyErrorIds
{
    /// <summary>The file does not start with the <c>\x93NUMPY</c> magic string.</summary>
    public const string NotNpyFile = "NotNpyFile";

    /// <summary>A format version other than 1.0, 2.0 or 3.0.</summary>
    public const string UnsupportedVersion = "UnsupportedNpyVersion";

    /// <summary>The header is not a well-formed dictionary with <c>descr</c>, <c>fortran_order</c> and <c>shape</c>.</summary>
    public const string InvalidHeader = "InvalidNpyHeader";

    /// <summary>A dtype other than f2 f4 f8 i1 u1 i2 u2 i4 i8 u4 u8 b1 (structured, string, object, complex...).</summary>
    public const string UnsupportedDtype = "UnsupportedNpyDtype";

    /// <summary>The data is shorter than the header's shape and dtype require.</summary>
    public const string Truncated = "TruncatedNpyFile";

    /// <summary>The array has more elements than one .NET array can hold.</summary>
    public const string TooLarge = "NpyArrayTooLarge";

    /// <summary>The file is not a zip archive, or one of its entries cannot be read.</summary>
    public const string InvalidNpz = "InvalidNpzFile";

    /// <summary>The file does not exist or cannot be read.</summary>
    public const string FileNotReadable = "NpyFileNotReadable";
}
