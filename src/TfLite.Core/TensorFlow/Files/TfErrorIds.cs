namespace TfLite.Core.TensorFlow.Files;

/// <summary>Stable ErrorIds of the TensorFlow importers (see docs/error-ids.md).</summary>
public static class TfErrorIds
{
    /// <summary>A GraphDef or MetaGraph file that does not parse: truncated, damaged or not a GraphDef.</summary>
    public const string GraphDefMalformed = "TfGraphDefMalformed";

    /// <summary>A protobuf text file with a syntax error, or a field the message does not have.</summary>
    public const string TextFormatInvalid = "TfTextFormatInvalid";

    /// <summary>A file that cannot be read at all (missing, denied).</summary>
    public const string FileNotReadable = "TfFileNotReadable";

    /// <summary>A tensor value whose declared size does not fit its data, or an unsupported dtype.</summary>
    public const string InvalidTensor = "TfInvalidTensor";

    /// <summary>A named input or output, or a node's input, that the graph does not have.</summary>
    public const string NodeNotFound = "TfNodeNotFound";

    /// <summary>A node whose attributes or inputs do not fit its op (a missing attribute, a shape that does not fit).</summary>
    public const string InvalidNode = "TfInvalidNode";

    /// <summary>The nodes between the inputs and the outputs form a cycle.</summary>
    public const string GraphCycle = "TfGraphCycle";

    /// <summary>A checkpoint (tensor bundle) whose index or data files are truncated, damaged or inconsistent.</summary>
    public const string CheckpointMalformed = "TfCheckpointMalformed";

    /// <summary>A variable without a value in the checkpoint, or without a checkpoint.</summary>
    public const string MissingVariable = "TfMissingVariable";

    /// <summary>A SavedModel whose <c>saved_model.pb</c> does not parse, whose functions or object graph do not fit
    /// together (a called function that is missing or calls itself, captures that do not match), or whose
    /// <c>keras_metadata.pb</c> is damaged.</summary>
    public const string SavedModelMalformed = "TfSavedModelMalformed";

    /// <summary>A SavedModel without a MetaGraph carrying the requested tags; the message lists the tag-sets present.</summary>
    public const string TagsNotFound = "TfSavedModelTagsNotFound";

    /// <summary>A SavedModel MetaGraph without the requested signature; the message lists the signatures present.</summary>
    public const string SignatureNotFound = "TfSignatureNotFound";

    /// <summary>Operators without a conversion; the message lists each type with a node name.</summary>
    public const string UnsupportedOp = "UnsupportedTfOp";
}
