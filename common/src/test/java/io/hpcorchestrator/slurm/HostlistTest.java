package io.hpcorchestrator.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HostlistTest {

    @Test
    void rangesAndSinglesInOneBracketExpandInOrder() {
        assertThat(Hostlist.expand("mel[2106-2108,2110]")).containsExactly("mel2106", "mel2107", "mel2108", "mel2110");
    }

    @Test
    void zeroPaddingIsKept() {
        assertThat(Hostlist.expand("n[08-10]")).containsExactly("n08", "n09", "n10");
        assertThat(Hostlist.expand("gpu[001-002]")).containsExactly("gpu001", "gpu002");
    }

    @Test
    void severalBracketGroupsInOneNameMultiplyOut() {
        assertThat(Hostlist.expand("r[1-2]n[1-2]")).containsExactly("r1n1", "r1n2", "r2n1", "r2n2");
    }

    @Test
    void commaListsMixPlainNamesAndBracketItems() {
        assertThat(Hostlist.expand("login01,node[1-2],gpu[07,09],vm"))
                .containsExactly("login01", "node1", "node2", "gpu07", "gpu09", "vm");
    }

    @Test
    void aSuffixAfterTheBracketIsKept() {
        assertThat(Hostlist.expand("rack[1-2]-ib")).containsExactly("rack1-ib", "rack2-ib");
    }

    @Test
    void aPlainNameIsItself() {
        assertThat(Hostlist.expand("vm")).containsExactly("vm");
        assertThat(Hostlist.expand(" node2 ")).containsExactly("node2");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"(null)", "   "})
    void noNodesIsAnEmptyList(String hostlist) {
        assertThat(Hostlist.expand(hostlist)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"n[1-", "n[1-2", "n[3-1]", "n[a-b]", "n[1-x]", "n[0-999999999]", "n]", "n[]", "n[1-2]]", "n[[1]]", "n[1,]", "n[-1]"})
    void malformedHostlistsAreRejected(String hostlist) {
        assertThatThrownBy(() -> Hostlist.expand(hostlist)).isInstanceOf(IllegalArgumentException.class);
    }
}
