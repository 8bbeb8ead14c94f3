using DevBot.Gateway;
using DevBot.GrainInterfaces.Projects;
using DevBot.Grains.CodeIndex;
using DevBot.Grains.Projects;
using DevBot.Workspace;
using DevBot.Workspace.Git;
using DevBot.Workspace.Sandbox;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace DevBot.Grains.Agents;

/// <summary>What the Architect and Implementer workers share: the model gateway, the workspace, the sandbox, the prompts.</summary>
public sealed class AgentKit(
    ModelGateway gateway,
    WorkspaceManager workspaces,
    SandboxRunner sandbox,
    PromptLibrary prompts,
    IOptions<ProjectOptions> projectOptions,
    IOptions<WorkspaceOptions> workspaceOptions,
    ILogger<AgentKit> logger)
{
    public ModelGateway Gateway => gateway;

    public WorkspaceManager Workspaces => workspaces;

    public SandboxRunner Sandbox => sandbox;

    public PromptLibrary Prompts => prompts;

    public ProjectOptions Options => projectOptions.Value;

    public WorkspaceOptions WorkspaceOptions => workspaceOptions.Value;

    /// <summary>
    /// The Implementer's prompt budget: <see cref="ProjectOptions.ImplementerContextTokens"/>, or half the smallest context
    /// window configured for its models when that is less (the other half is the answer's room and the margin between
    /// this budget's four characters per token and the gateway's more cautious estimate), so the least important
    /// context — related code, the repo map — is what gets cut, never the instructions.
    /// </summary>
    public int ImplementerContextTokens =>
        gateway.ContextTokensFor(ModelRole.Implementer) is { } window ? Math.Min(Options.ImplementerContextTokens, window / 2) : Options.ImplementerContextTokens;

    /// <summary>The billing identity of one model request of a step; the id is stable across re-runs of the step.</summary>
    public static ModelCall Call(StepRequest step, string purpose, string taskType) =>
        new(step.UserId, step.ProjectId, $"{step.ProjectId:N}/{step.StepId}/{purpose}", taskType);

    /// <summary>The code index tools of a project, as functions a model can call.</summary>
    public static IList<AITool> CodeTools(IGrainFactory grains, Guid projectId)
    {
        var plugin = new CodeIndexTools(grains, projectId).AsPlugin();
        var kernel = new Kernel();
        kernel.Plugins.Add(plugin);
        return plugin.Select(f => (AITool)f.WithKernel(kernel, plugin.Name)).ToList();
    }

    /// <summary>
    /// Asks a role's models and returns the final answer of the exchange — the last assistant message, never the
    /// narration between tool calls. An answer cut off at the output limit is never used: the question is asked again
    /// with twice the room (each try its own metered call, its hold sized for that room), at most
    /// <see cref="MaxRoomDoublings"/> times.
    /// </summary>
    public async Task<string> AskAsync(ModelRole role, StepRequest step, string purpose, string taskType, IList<ChatMessage> messages,
        IList<AITool>? tools = null, ChatResponseFormat? format = null)
    {
        int? room = null;
        for (var doubling = 0; ; doubling++)
        {
            var options = Call(step, doubling == 0 ? purpose : $"{purpose}/room{doubling}", taskType)
                .Apply(new ChatOptions { Tools = tools, Temperature = 0.2f, MaxOutputTokens = room, ResponseFormat = tools is { Count: > 0 } ? null : format });
            var response = await gateway.GetChatClient(role).GetResponseAsync(messages, options);
            if (response.FinishReason != ChatFinishReason.Length)
            {
                return FinalAnswer(response);
            }

            var used = room ?? gateway.DefaultMaxOutputTokens;
            if (doubling >= MaxRoomDoublings)
            {
                throw new StepFailedException(StepFailure.Truncated,
                    $"The model's answer was cut off at its output limit ({used} tokens) even with {MaxRoomDoublings} times more room.");
            }

            logger.LogWarning(AgentEvents.AnswerCutOff, "Step {StepId} of project {ProjectId}: the answer to {Purpose} was cut off at {Tokens} output tokens; asking again with more room",
                step.StepId, step.ProjectId, purpose, used);
            room = used * 2;
        }
    }

    /// <summary>How often an answer cut off at the output limit is asked for again with twice the room.</summary>
    public const int MaxRoomDoublings = 2;

    /// <summary>The last assistant message's text: what the model answered after any tool calls.</summary>
    public static string FinalAnswer(ChatResponse response) =>
        response.Messages.LastOrDefault(m => m.Role == ChatRole.Assistant && !string.IsNullOrWhiteSpace(m.Text))?.Text ?? string.Empty;

    /// <summary>
    /// Asks until the answer parses (at most <see cref="ProjectOptions.MaxStructuredTries"/> times), telling the
    /// model what was wrong with its previous answer; each try is its own metered, journaled call.
    /// </summary>
    public async Task<T> AskStructuredAsync<T>(ModelRole role, StepRequest step, string purpose, string taskType, string system, string prompt,
        Func<string, T> parse, IList<AITool>? tools = null, ChatResponseFormat? format = null)
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, system), new(ChatRole.User, prompt) };
        string? problem = null;
        for (var attempt = 1; attempt <= Options.MaxStructuredTries; attempt++)
        {
            var answer = await AskAsync(role, step, $"{purpose}/try{attempt}", taskType, messages, tools, format);
            try
            {
                return parse(answer);
            }
            catch (MalformedAnswerException ex)
            {
                problem = ex.Message;
                logger.LogWarning(AgentEvents.MalformedAnswer, "Step {StepId} of project {ProjectId}: malformed answer ({Problem}), try {Attempt}", step.StepId, step.ProjectId, problem, attempt);
                messages.Add(new ChatMessage(ChatRole.Assistant, answer));
                messages.Add(new ChatMessage(ChatRole.User, $"That answer could not be used: {problem} Answer again, exactly in the format asked for."));
            }
        }

        throw new MalformedAnswerException($"The model's answers stayed malformed after {Options.MaxStructuredTries} tries: {problem}");
    }

    /// <summary>Text trimmed to about <paramref name="tokens"/> tokens (four characters each), with a note when cut.</summary>
    public static string Budget(string text, int tokens)
    {
        var max = Math.Max(0, tokens * 4);
        if (text.Length <= max)
        {
            return text;
        }

        if (max > 0 && char.IsHighSurrogate(text[max - 1]))
        {
            max--;
        }

        return text[..max] + $"\n[… {text.Length - max} characters left out to stay within the context budget]";
    }
}
