namespace RsPipeline.Host.Lifecycle;

/// <summary>Where the server is on its way out; <see cref="ShutdownSequence"/> moves it along, in this order.</summary>
internal enum ServerPhase
{
    /// <summary>Not told to stop: ready whenever the pipeline serves; calls are accepted.</summary>
    Running,

    /// <summary>Told to stop: readiness is NOT_SERVING, calls are still accepted for Server:DrainDelay.</summary>
    Withdrawing,

    /// <summary>Intake stopped: new calls are refused (UNAVAILABLE); those inside finish within Server:ShutdownTimeout.</summary>
    Closing,
}
