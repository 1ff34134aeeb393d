// The consumer ran and printed the shape of the features it computed.
def out = new File(basedir, 'target/consumer-output.txt')
assert out.isFile() : "the consumer did not write ${out}"
assert out.text.trim() == 'encodeMean shape [3, 2]' : "unexpected output: ${out.text}"
