using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace TfLite.Core.Keras.Files;

/// <summary>
/// Runs PureHDF calls so that whatever a damaged file makes them throw reaches the caller as a
/// <see cref="ModelFormatException"/> naming the file and what was being read.
/// </summary>
internal static class Hdf5Guard
{
    /// <summary>Runs <paramref name="read"/>; maps foreign exceptions to <c>TruncatedFile</c> or <c>InvalidHdf5</c>.</summary>
    /// <param name="file">The file named in the error.</param>
    /// <param name="what">What was being read, e.g. <c>attribute 'model_config'</c>.</param>
    /// <param name="read">The PureHDF call.</param>
    public static T Run<T>(string file, string what, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not TfLiteException)
        {
            throw Translate(file, what, e);
        }
    }

    /// <summary>Reads a float32 dataset, or the part of it that <paramref name="selection"/> picks, into
    /// <paramref name="destination"/>, mapping failures as <see cref="Run{T}"/> does (a span cannot enter the delegate
    /// that <see cref="Run{T}"/> takes).</summary>
    public static void ReadInto(NativeDataset dataset, Span<float> destination, Selection? selection, string file, string what)
    {
        try
        {
            dataset.Read(destination, fileSelection: selection, memoryDims: [(ulong)destination.Length]);
        }
        catch (Exception e) when (e is not TfLiteException)
        {
            throw Translate(file, what, e);
        }
    }

    private static ModelFormatException Translate(string file, string what, Exception e) => e switch
    {
        _ when e is EndOfStreamException || e.InnerException is EndOfStreamException =>
            new ModelFormatException("TruncatedFile", $"'{file}' is truncated: reading {what} ran past its end.", file, e),
        // A damaged length field makes PureHDF ask for an impossible array.
        OutOfMemoryException =>
            new ModelFormatException("InvalidHdf5", $"'{file}' is not valid HDF5: reading {what} asked for more memory than the file can describe.", file, e),
        _ => new ModelFormatException("InvalidHdf5", $"'{file}' is not valid HDF5: reading {what} failed ({e.Message}).", file, e),
    };
}
