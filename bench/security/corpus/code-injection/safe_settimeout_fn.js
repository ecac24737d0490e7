function schedule(job) {
  setTimeout(() => job.run(), 1000);
}
module.exports = { schedule };
