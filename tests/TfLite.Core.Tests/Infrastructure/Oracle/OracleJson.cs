using System.Globalization;
using System.Text.Json;

namespace TfLite.Core.Tests.Infrastructure.Oracle;

/// <summary>Writes the oracle's inputs file and reads its output JSON.</summary>
internal static class OracleJson
{
    /// <summary>Writes inputs as a JSON list in signature order. Float32 values are written so that the oracle's
    /// parse (decimal to double, then to float32) gives back exactly the same float.</summary>
    public static void WriteInputs(Stream stream, IReadOnlyList<OracleTensor> inputs)
    {
        using var w = new Utf8JsonWriter(stream);
        w.WriteStartArray();
        foreach (var t in inputs)
        {
            w.WriteStartObject();
            w.WriteString("dtype", t.DType);
            w.WriteStartArray("shape");
            foreach (var d in t.Shape) w.WriteNumberValue(d);
            w.WriteEndArray();
            w.WriteStartArray("data");
            WriteValues(w, t.Values);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteValues(Utf8JsonWriter w, Array values)
    {
        switch (values)
        {
            case float[] a: foreach (var v in a) WriteFloat(w, v); break;
            // The CLR lets a byte[] pass as sbyte[] and back, so the exact array type decides.
            case sbyte[] a when a.GetType() == typeof(sbyte[]): foreach (var v in a) w.WriteNumberValue(v); break;
            case byte[] a when a.GetType() == typeof(byte[]): foreach (var v in a) w.WriteNumberValue(v); break;
            case short[] a: foreach (var v in a) w.WriteNumberValue(v); break;
            case int[] a: foreach (var v in a) w.WriteNumberValue(v); break;
            case long[] a: foreach (var v in a) w.WriteStringValue(v.ToString(CultureInfo.InvariantCulture)); break;
            case bool[] a: foreach (var v in a) w.WriteBooleanValue(v); break;
            default: throw new ArgumentException("Unsupported value array " + values.GetType());
        }
    }

    private static void WriteFloat(Utf8JsonWriter w, float v)
    {
        if (!float.IsFinite(v))
        {
            // JSON has no NaN/Infinity; the oracle's Number("NaN") etc. accepts these strings for float inputs.
            w.WriteStringValue(float.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
            return;
        }
        // The short float form is read by the oracle as a double and then rounded to float32; where that double
        // rounding would land on another float, write the exact double value instead.
        var shortForm = v.ToString("R", CultureInfo.InvariantCulture);
        if ((float)double.Parse(shortForm, CultureInfo.InvariantCulture) == v) w.WriteRawValue(shortForm, skipInputValidation: true);
        else w.WriteNumberValue((double)v);
    }

    /// <summary>Reads the describe part of the oracle's JSON.</summary>
    public static OracleDescription ReadDescription(JsonElement root) => new(
        root.GetProperty("signature").GetString() ?? "",
        ReadOps(root),
        root.TryGetProperty("num_operators", out var n) ? n.GetInt32() : -1,
        ReadInfos(root.GetProperty("inputs")),
        ReadInfos(root.GetProperty("outputs")));

    /// <summary>Reads the result of a run.</summary>
    public static OracleResult ReadResult(JsonElement root)
    {
        var outputs = new List<OracleTensor>();
        foreach (var o in root.GetProperty("outputs").EnumerateArray())
        {
            var info = ReadInfo(o);
            var dtype = o.TryGetProperty("run_dtype", out var rd) ? rd.GetString()! : info.DType;
            var shape = ReadInts(o.GetProperty("run_shape"));
            var values = ReadValues(dtype, o.GetProperty("data"));
            outputs.Add(new OracleTensor(dtype, shape, values)
            {
                Name = info.Name,
                TensorName = info.TensorName,
                Quantization = info.Quantization,
                Dequantized = o.TryGetProperty("dequantized", out var dq) ? ReadDoubles(dq) : null,
            });
        }
        return new OracleResult(ReadOps(root), ReadInfos(root.GetProperty("inputs")), outputs);
    }

    private static Array ReadValues(string dtype, JsonElement data)
    {
        var n = data.GetArrayLength();
        var i = 0;
        switch (dtype)
        {
            case "float32":
            {
                var a = new float[n];
                foreach (var e in data.EnumerateArray()) a[i++] = (float)ReadDouble(e);
                return a;
            }
            case "int64":
            {
                var a = new long[n];
                foreach (var e in data.EnumerateArray())
                    a[i++] = e.ValueKind == JsonValueKind.String ? long.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetInt64();
                return a;
            }
            case "bool":
            {
                var a = new bool[n];
                foreach (var e in data.EnumerateArray()) a[i++] = e.ValueKind == JsonValueKind.True || (e.ValueKind == JsonValueKind.Number && e.GetDouble() != 0);
                return a;
            }
            default:
                return OracleDType.Convert(dtype, ReadDoubles(data));
        }
    }

    private static double ReadDouble(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String => e.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var s => double.Parse(s!, CultureInfo.InvariantCulture),
        },
        _ => throw new FormatException($"Unexpected JSON value {e} in oracle data."),
    };

    private static double[] ReadDoubles(JsonElement array)
    {
        var a = new double[array.GetArrayLength()];
        var i = 0;
        foreach (var e in array.EnumerateArray()) a[i++] = ReadDouble(e);
        return a;
    }

    private static int[] ReadInts(JsonElement array)
    {
        var a = new int[array.GetArrayLength()];
        var i = 0;
        foreach (var e in array.EnumerateArray()) a[i++] = e.GetInt32();
        return a;
    }

    private static IReadOnlyList<string> ReadOps(JsonElement root) =>
        root.TryGetProperty("ops", out var ops) ? ops.EnumerateArray().Select(e => e.GetString() ?? "").ToArray() : [];

    private static IReadOnlyList<OracleTensorInfo> ReadInfos(JsonElement array) => array.EnumerateArray().Select(ReadInfo).ToArray();

    private static OracleTensorInfo ReadInfo(JsonElement e)
    {
        OracleQuantization? q = null;
        if (e.TryGetProperty("quantization", out var qe) && qe.ValueKind == JsonValueKind.Object)
        {
            var zp = qe.GetProperty("zero_point").EnumerateArray().Select(z => z.ValueKind == JsonValueKind.String
                ? long.Parse(z.GetString()!, CultureInfo.InvariantCulture) : z.GetInt64()).ToArray();
            q = new OracleQuantization(ReadDoubles(qe.GetProperty("scale")), zp,
                qe.TryGetProperty("quantized_dimension", out var qd) ? qd.GetInt32() : 0);
        }
        return new OracleTensorInfo(
            e.GetProperty("name").GetString() ?? "",
            e.TryGetProperty("tensor_name", out var tn) ? tn.GetString() : null,
            e.TryGetProperty("tensor_index", out var ti) ? ti.GetInt32() : -1,
            e.GetProperty("dtype").GetString() ?? "",
            ReadInts(e.GetProperty("shape")),
            e.TryGetProperty("shape_signature", out var ss) ? ReadInts(ss) : null,
            q);
    }
}
