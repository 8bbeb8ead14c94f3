using DevBot.Eval;

// devbot eval [options]: see EvalCommand.Usage.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C stops the projects and prints what ran; a second one ends the process.
    if (!interrupt.IsCancellationRequested)
    {
        e.Cancel = true;
        interrupt.Cancel();
    }
};
return await EvalCommand.RunAsync(args, Console.Out, Console.Error, cancellationToken: interrupt.Token);
