using Trellis.Tracking;

namespace Trellis.Models;

// The steps behind the tensor-list Fit/Evaluate: traced graph functions unless RunEagerly, as for one input and output.
// Arguments are the inputs then the targets; results are the total loss, each output's loss, then the predictions.
public abstract partial class Model
{
    [NotTracked]
    private CompiledStep? _multiTrainFunction;

    [NotTracked]
    private CompiledStep? _multiTestFunction;

    [NotTracked]
    private CompiledStep? _multiPredictFunction;

    [NotTracked]
    private Variable[]? _multiTracedTrainables;

    [NotTracked]
    private object? _multiTracedSchedule;

    /// <summary>The traced train step of the tensor-list Fit, once it ran (null when running eagerly).</summary>
    internal CompiledStep? MultiTrainFunction => _multiTrainFunction;

    /// <summary>The traced predict step of the tensor-list Predict, once it ran.</summary>
    internal CompiledStep? MultiPredictFunction => _multiPredictFunction;

    /// <summary>Forgets the multi-output compile settings and traced steps (a new Compile).</summary>
    private void ResetMultiOutputState()
    {
        _outputLosses = null;
        _lossWeights = null;
        _outputMetrics = null;
        _multiTrainFunction = null;
        _multiTestFunction = null;
        _multiPredictFunction = null;
        _multiTracedTrainables = null;
        _multiTracedSchedule = null;
    }

    /// <summary>Every output for a batch in inference mode (traced unless RunEagerly), as tensors the caller owns.</summary>
    private Tensor[] RunMultiPredictStep(IReadOnlyList<Tensor> x)
    {
        if (RunEagerly)
        {
            using var scope = new TensorScope(); // as in RunPredictStep
            return [.. Forward(x, training: false).Select(scope.Keep)];
        }
        _multiPredictFunction ??= new CompiledStep(Name, "predict_function", args => [.. Forward(args, training: false)]);
        var borrowed = _multiPredictFunction.Run([.. x]);
        var owned = new Tensor[borrowed.Length];
        for (int i = 0; i < owned.Length; i++)
        {
            owned[i] = Owned(borrowed[i]);
        }
        return owned;
    }

    /// <summary>Drops the traced train step when a layer was frozen or unfrozen, or a schedule set, since the trace; once per Fit or TrainOnBatch.</summary>
    private void RefreshMultiTrainFunction()
    {
        if (_multiTrainFunction is not null && !TraceStillValid(_multiTracedTrainables, _multiTracedSchedule))
        {
            _multiTrainFunction = null;
        }
    }

    /// <summary>Runs one train or test step. The results may be borrowed buffers of a traced function: read them at once.</summary>
    private (Tensor Total, Tensor[] PerOutput, Tensor[] Predictions) RunMultiStep(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, bool train)
    {
        if (RunEagerly)
        {
            return MultiStepCore(x, y, train);
        }
        CompiledStep step;
        if (train)
        {
            if (_multiTrainFunction is null)
            {
                _multiTracedTrainables = TrainablesForTrace();
                _multiTracedSchedule = _optimizer!.Schedule;
                _multiTrainFunction = new CompiledStep(Name, "train_function", args => Pack(MultiStepCore(args[..x.Count], args[x.Count..], train: true)));
            }
            step = _multiTrainFunction;
        }
        else
        {
            step = _multiTestFunction ??= new CompiledStep(Name, "test_function", args => Pack(MultiStepCore(args[..x.Count], args[x.Count..], train: false)));
        }
        var results = step.Run([.. x, .. y]);
        return (results[0], results[1..(1 + y.Count)].ToArray(), results[(1 + y.Count)..].ToArray());
    }

    private static Tensor[] Pack((Tensor Total, Tensor[] PerOutput, Tensor[] Predictions) r) => [r.Total, .. r.PerOutput, .. r.Predictions];

    /// <summary>Forward pass, each output's loss, the weighted total with the regularization penalties and, when training, the optimizer update.</summary>
    private (Tensor Total, Tensor[] PerOutput, Tensor[] Predictions) MultiStepCore(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, bool train)
    {
        var losses = _outputLosses ?? [.. y.Select(_ => _loss!)];
        var perOutput = new Tensor[y.Count];
        IReadOnlyList<Tensor> predictions;
        Tensor total = null!;
        Tensor[]? gradients = null;
        IReadOnlyList<Variable> variables = [];
        using (var tape = train ? new GradientTape() : null)
        {
            predictions = Forward(x, train);
            for (int i = 0; i < y.Count; i++)
            {
                perOutput[i] = losses[i].Compute(y[i], predictions[i]);
                var weighted = _lossWeights is null ? perOutput[i] : perOutput[i] * Ops.Cast(Tensor.Scalar(_lossWeights[i]), perOutput[i].DType);
                total = i == 0 ? weighted : total + Ops.Cast(weighted, total.DType);
            }
            foreach (var penalty in RegularizationLosses())
            {
                total = total + Ops.Cast(penalty, total.DType);
            }
            if (tape is not null)
            {
                variables = TrainableVariables;
                gradients = tape.Gradient(total, [.. variables]);
            }
        }
        if (gradients is not null)
        {
            _optimizer!.ApplyGradients(gradients.Zip(variables, (g, v) => ((Tensor?)g, v)));
        }
        return (total, perOutput, [.. predictions]);
    }
}
