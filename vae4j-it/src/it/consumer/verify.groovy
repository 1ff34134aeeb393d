// The consumer ran, printed the shape of the features it computed, and the backend jar's hook chose
// one of its two oneDNN builds.
def out = new File(basedir, 'target/consumer-output.txt')
assert out.isFile() : "the consumer did not write ${out}"
def lines = out.text.readLines()
assert lines[0] == 'encodeMean shape [3, 2]' : "unexpected output: ${out.text}"
assert lines[1] ==~ /native build chosen linux-x86_64-onednn(-avx2)?/ : "unexpected output: ${out.text}"
assert lines[2] == 'csv 2 rows [amount, country]' : "unexpected output: ${out.text}"
