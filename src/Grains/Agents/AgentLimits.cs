namespace DevBot.Grains.Agents;

/// <summary>Bounds of the stateless worker grains.</summary>
public static class AgentLimits
{
    /// <summary>
    /// Steps of one kind (Architect or Implementer) a silo runs at once: one activation per step in flight. Measured with
    /// the <c>capacity</c> benchmark: at 64, a thousand projects at real model latency got 2.3 steps/s (64 ÷ ~25 s per
    /// step) while the silo's CPU idled.
    /// </summary>
    public const int MaxConcurrentSteps = 2048;
}
