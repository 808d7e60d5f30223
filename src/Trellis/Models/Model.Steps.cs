using Trellis.Tracking;

namespace Trellis.Models;

public abstract partial class Model
{
    [NotTracked]
    private CompiledStep? _trainFunction;

    [NotTracked]
    private CompiledStep? _testFunction;

    [NotTracked]
    private CompiledStep? _predictFunction;

    // What the train function was traced against: a change (a layer frozen, a schedule set) needs a new trace.
    [NotTracked]
    private Variable[]? _tracedTrainables;

    [NotTracked]
    private object? _tracedSchedule;

    /// <summary>The traced train step, once Fit or TrainOnBatch has run it (null when running eagerly).</summary>
    internal CompiledStep? TrainFunction => _trainFunction;

    private void ResetCompiledSteps()
    {
        _trainFunction = null;
        _testFunction = null;
        _predictFunction = null;
        _tracedTrainables = null;
        _tracedSchedule = null;
    }

    /// <summary>Forward pass, loss, gradients and the optimizer update: the body of both the eager and the traced step.</summary>
    private (Tensor Loss, Tensor Predictions) TrainStepCore(Tensor x, Tensor y, Tensor? sampleWeight)
    {
        Tensor predictions, loss;
        Tensor[] gradients;
        IReadOnlyList<Variable> variables;
        using (var tape = new GradientTape())
        {
            predictions = Apply(x, training: true);
            loss = TotalLoss(y, predictions, sampleWeight);
            variables = TrainableVariables;
            gradients = tape.Gradient(loss, [.. variables]);
        }
        _optimizer!.ApplyGradients(gradients.Zip(variables, (g, v) => ((Tensor?)g, v)));
        return (loss, predictions);
    }

    /// <summary>The compiled loss plus the regularization penalties.</summary>
    private Tensor TotalLoss(Tensor y, Tensor predictions, Tensor? sampleWeight)
    {
        var loss = _loss!.Compute(y, predictions, sampleWeight);
        foreach (var penalty in RegularizationLosses())
        {
            loss = loss + Ops.Cast(penalty, loss.DType);
        }
        return loss;
    }

    /// <summary>Runs one training step, traced unless <see cref="RunEagerly"/>. The outputs may be borrowed buffers: read them at once.</summary>
    private (Tensor Loss, Tensor? Predictions) RunTrainStep(Tensor x, Tensor y, Tensor? sampleWeight)
    {
        if (RunEagerly)
        {
            var (loss, predictions) = TrainStepCore(x, y, sampleWeight);
            return (loss, predictions);
        }
        var function = _trainFunction ??= CreateTrainFunction();
        var outputs = sampleWeight is null ? function.Run([x, y]) : function.Run([x, y, sampleWeight]);
        return (outputs[0], outputs.Length > 1 ? outputs[1] : null);
    }

    /// <summary>Drops the traced train step when what it was traced against changed; called once per Fit or TrainOnBatch.</summary>
    private void RefreshTrainFunction()
    {
        if (RunEagerly || _trainFunction is null)
        {
            return;
        }
        if (!TraceStillValid(_tracedTrainables, _tracedSchedule))
        {
            _trainFunction = null;
        }
    }

    private CompiledStep CreateTrainFunction()
    {
        _tracedTrainables = TrainablesForTrace();
        _tracedSchedule = _optimizer!.Schedule;
        bool returnPredictions = _metricSpecs.Count > 0;
        return new CompiledStep(Name, "train_function", args =>
        {
            var (loss, predictions) = TrainStepCore(args[0], args[1], args.Length > 2 ? args[2] : null);
            return returnPredictions ? [loss, predictions] : [loss];
        });
    }

    /// <summary>The trainable variables a train step is traced against, with their optimizer slots created first.</summary>
    private Variable[] TrainablesForTrace()
    {
        Variable[] trainables = [.. TrainableVariables];
        // Slots are created eagerly, before tracing (Keras's optimizer.build), so a pending restore fills them.
        _optimizer!.Build(trainables);
        return trainables;
    }

    /// <summary>Whether a train step traced against these trainables and this schedule may still run.</summary>
    private bool TraceStillValid(Variable[]? traced, object? schedule) =>
        traced is not null && ReferenceEquals(schedule, _optimizer!.Schedule) && SameTrainables(traced);

    /// <summary>Whether the trainable variables are still exactly those a step was traced against.</summary>
    private bool SameTrainables(Variable[] traced)
    {
        var now = TrainableVariables;
        if (traced.Length != now.Count)
        {
            return false;
        }
        for (int i = 0; i < traced.Length; i++)
        {
            if (!ReferenceEquals(traced[i], now[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A tensor the caller owns with the values of a borrowed step output.</summary>
    private static Tensor Owned(Tensor borrowed)
    {
        var owned = Tensor.Allocate(borrowed.Shape, borrowed.DType);
        borrowed.BytesView().CopyTo(owned.BytesView());
        return owned;
    }

    /// <summary>Loss and predictions of a batch in inference mode. The outputs may be borrowed: read them at once.</summary>
    private (Tensor Loss, Tensor Predictions) RunTestStep(Tensor x, Tensor y)
    {
        if (RunEagerly)
        {
            var predictions = Apply(x, training: false);
            return (TotalLoss(y, predictions, null), predictions);
        }
        _testFunction ??= new CompiledStep(Name, "test_function", args =>
        {
            var predictions = Apply(args[0], training: false);
            return [TotalLoss(args[1], predictions, null), predictions];
        });
        var outputs = _testFunction.Run([x, y]);
        return (outputs[0], outputs[1]);
    }

    /// <summary>The outputs for a batch in inference mode, as a tensor the caller owns.</summary>
    private Tensor RunPredictStep(Tensor x)
    {
        if (RunEagerly)
        {
            // The forward pass's intermediates go back to the pool; the outputs move to the caller's scope, if any.
            using var scope = new TensorScope();
            return scope.Keep(Apply(x, training: false));
        }
        _predictFunction ??= new CompiledStep(Name, "predict_function", args => [Apply(args[0], training: false)]);
        return Owned(_predictFunction.Run([x])[0]);
    }
}
