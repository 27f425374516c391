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
        catch (TfLiteException)
        {
            throw;
        }
        catch (Exception e) when (e is EndOfStreamException || e.InnerException is EndOfStreamException)
        {
            throw new ModelFormatException("TruncatedFile", $"'{file}' is truncated: reading {what} ran past its end.", file, e);
        }
        catch (OutOfMemoryException e)
        {
            // A damaged length field makes PureHDF ask for an impossible array.
            throw new ModelFormatException("InvalidHdf5", $"'{file}' is not valid HDF5: reading {what} asked for more memory than the file can describe.", file, e);
        }
        catch (Exception e)
        {
            throw new ModelFormatException("InvalidHdf5", $"'{file}' is not valid HDF5: reading {what} failed ({e.Message}).", file, e);
        }
    }
}
