/**
 * Classifying photos with the library alone: {@link dev.shufflenet.panama.classify.ImageClassifier} on a
 * compiled model, built from image decoding with a size limit ({@link dev.shufflenet.panama.classify.ImageFiles}),
 * torchvision's evaluation transform ({@link dev.shufflenet.panama.classify.ImageNetPreprocessing}), softmax
 * and top-k ({@link dev.shufflenet.panama.classify.Softmax}) and the ImageNet class names
 * ({@link dev.shufflenet.panama.classify.ImageNetLabels}).
 */
package dev.shufflenet.panama.classify;
