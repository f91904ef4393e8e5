/**
 * Collection: the services come from the server's API, their output files are read through the SLURM transport in
 * bounded chunks from where the last read stopped, cut into lines, masked and stored; retention trims the oldest.
 */
package io.hpcorchestrator.logs.collect;
