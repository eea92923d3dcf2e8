package dev.graft.serve;

/**
 * One generation request: a prompt of token ids and how many tokens to generate greedily
 * after it.
 */
public record GenerationRequest(int id, int[] prompt, int maxNewTokens) {

    public GenerationRequest {
        if (prompt.length == 0) {
            throw new RequestRefusedException("request " + id + ": the prompt is empty");
        }
        if (maxNewTokens < 1) {
            throw new RequestRefusedException("request " + id + ": max new tokens must be at least 1, got "
                    + maxNewTokens);
        }
        prompt = prompt.clone();
    }

    /** The most tokens whose keys and values the request ever keeps: the prompt and all but the last new token. */
    public int maxKvTokens() {
        return prompt.length + maxNewTokens - 1;
    }

    /** Refuses a request whose fed tokens need more positions than the model has. */
    public void checkPositions(int maxPositions) {
        if (maxKvTokens() > maxPositions) {
            throw new RequestRefusedException("request " + id + ": " + prompt.length + " prompt + " + maxNewTokens
                    + " new tokens need " + maxKvTokens() + " positions, the model has " + maxPositions);
        }
    }

    /** Refuses a prompt id outside {@code [0, vocabSize)}, naming its position. */
    public void checkVocabulary(int vocabSize) {
        for (int i = 0; i < prompt.length; i++) {
            if (prompt[i] < 0 || prompt[i] >= vocabSize) {
                throw new RequestRefusedException("request " + id + ": prompt token " + i + " is " + prompt[i]
                        + ", outside the vocabulary [0, " + vocabSize + ")");
            }
        }
    }
}
