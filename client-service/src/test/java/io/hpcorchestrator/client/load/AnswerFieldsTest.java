package io.hpcorchestrator.client.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

class AnswerFieldsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static AnswerFields read(String json, ApiFlavour api, boolean stream) {
        try (JsonParser parser = JSON.createParser(json)) {
            return AnswerFields.read(parser, api, stream);
        }
    }

    @Test
    void completionsTextSkippingEverythingElse() {
        AnswerFields fields = read("{\"id\":\"cmpl-1\",\"choices\":[{\"index\":0,\"logprobs\":{\"tokens\":[\"a\",{\"x\":[1,2]}]},\"text\":\" hi\","
                + "\"finish_reason\":null},{\"text\":\"second\"}],\"usage\":null,\"created\":17}", ApiFlavour.COMPLETIONS, true);
        assertThat(fields).isEqualTo(new AnswerFields(" hi", -1, -1, null));
    }

    @Test
    void chatDeltaAndMessageAndUsage() {
        assertThat(read("{\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\",\"tool_calls\":[]}}]}", ApiFlavour.CHAT, true).content())
                .isEqualTo("Hi");
        assertThat(read("{\"choices\":[{\"message\":{\"content\":\"whole\"}}],\"usage\":{\"prompt_tokens\":11,\"total_tokens\":16,"
                + "\"completion_tokens\":5,\"prompt_tokens_details\":null}}", ApiFlavour.CHAT, false))
                .isEqualTo(new AnswerFields("whole", 5, 11, null));
        assertThat(read("{\"choices\":[],\"usage\":{\"completion_tokens\":3}}", ApiFlavour.CHAT, true)).isEqualTo(new AnswerFields(null, 3, -1, null));
        assertThat(read("{\"choices\":[{\"delta\":{\"content\":null}}]}", ApiFlavour.CHAT, true).content()).isNull();
    }

    @Test
    void errorsInEveryShape() {
        assertThat(read("{\"error\":{\"code\":500,\"message\":\"boom\"}}", ApiFlavour.COMPLETIONS, true).error()).isEqualTo("boom");
        assertThat(read("{\"error\":{\"code\":500}}", ApiFlavour.COMPLETIONS, true).error()).isEqualTo("(no message)");
        assertThat(read("{\"error\":\"plain\"}", ApiFlavour.COMPLETIONS, true).error()).isEqualTo("plain");
        assertThat(read("{\"error\":null,\"choices\":[{\"text\":\"ok\"}]}", ApiFlavour.COMPLETIONS, true).error()).isNull();
    }

    @Test
    void notAnObjectIsRefused() {
        assertThatThrownBy(() -> read("[1,2]", ApiFlavour.COMPLETIONS, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> read("{\"choices\": [", ApiFlavour.COMPLETIONS, true)).isInstanceOf(RuntimeException.class);
    }
}
