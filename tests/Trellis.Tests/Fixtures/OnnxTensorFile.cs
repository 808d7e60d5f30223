using Trellis.Tests.Fixtures.Onnx;

namespace Trellis.Tests.Fixtures;

/// <summary>Reads a serialized onnx.TensorProto (an ONNX backend test's input_N.pb / output_N.pb) into a Tensor.</summary>
internal static class OnnxTensorFile
{
    public static Tensor Read(string path)
    {
        TensorProto proto = TensorProto.Parser.ParseFrom(File.ReadAllBytes(path));
        var shape = new Shape([.. proto.Dims.Select(d => checked((int)d))]);
        // onnx.TensorProto.DataType: FLOAT = 1, INT32 = 6, INT64 = 7, DOUBLE = 11.
        DType dtype = proto.DataType switch
        {
            1 => DType.Float32,
            6 => DType.Int32,
            7 => DType.Int64,
            11 => DType.Float64,
            _ => throw new NotSupportedException($"{path}: ONNX data_type {proto.DataType} is not read by these tests (expected 1, 6, 7 or 11)."),
        };
        if (!proto.RawData.IsEmpty)
        {
            return Tensor.FromBytes(proto.RawData.Span, shape, dtype);
        }
        return dtype switch
        {
            DType.Float32 => Tensor.Constant(proto.FloatData.ToArray(), shape),
            DType.Int32 => Tensor.Constant(proto.Int32Data.ToArray(), shape),
            DType.Int64 => Tensor.Constant(proto.Int64Data.ToArray(), shape),
            _ => Tensor.Constant(proto.DoubleData.ToArray(), shape),
        };
    }
}
