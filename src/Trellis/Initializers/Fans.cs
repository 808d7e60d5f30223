namespace Trellis.Initializers;

/// <summary>Keras's fan-in/fan-out rule: rank-2 kernels are (in, out); conv kernels multiply by the receptive field.</summary>
internal static class Fans
{
    public static (double FanIn, double FanOut) Compute(Shape shape)
    {
        switch (shape.Rank)
        {
            case 0:
                return (1, 1);
            case 1:
                return (shape[0], shape[0]);
            case 2:
                return (shape[0], shape[1]);
            default:
                double receptive = 1;
                for (int i = 0; i < shape.Rank - 2; i++)
                {
                    receptive *= shape[i];
                }
                return (shape[^2] * receptive, shape[^1] * receptive);
        }
    }
}
