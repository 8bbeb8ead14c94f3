using DevBot.GrainInterfaces.Projects;

namespace DevBot.Grains.Agents;

public sealed record QuestionsInput(string Idea, IReadOnlyList<QuestionRoundInput> Rounds, int Round, bool LastRound);
